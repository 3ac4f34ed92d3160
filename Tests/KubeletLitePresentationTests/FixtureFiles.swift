// kubelet-lite — FixtureFiles.swift
// Reading the fixtures: state directories captured from real runs, with the views printed of them.

import Glibc
import KubeletLiteLifecycle
import KubeletLitePresentation
import Testing

/// One captured pod directory under Fixtures/: pod.json, events.jsonl and the expected views.
struct Fixture {
    /// The instant the expected views were printed at.
    static let now = PublishedTime.parse("2026-12-02T03:00:00Z")!

    static let names = ["completed", "crashloop", "dead", "deleting", "errs", "failed", "init-done", "initfail",
                        "initializing", "probes", "sparse", "stopped"]

    let name: String

    static var directory: String {
        String(#filePath[..<#filePath.lastIndex(of: "/")!]) + "/Fixtures"
    }

    /// The bytes of one of its files, nil when there is no such file.
    func bytes(_ file: String) -> [UInt8]? {
        guard let f = fopen("\(Fixture.directory)/\(name)/\(file)", "r") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    func text(_ file: String) -> String? { bytes(file).map { String(decoding: $0, as: UTF8.self) } }

    func pod() throws -> PublishedPod {
        try PublishedPod.decode(try #require(bytes("pod.json")), file: "pod.json of \(name)")
    }

    func events() -> [PublishedEvent] {
        PublishedEvent.decodeLines(bytes("events.jsonl") ?? [], file: "events.jsonl of \(name)")
    }
}
