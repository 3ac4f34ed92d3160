// kubelet-lite — TerminalOutputTests.swift
// Our own stdout/stderr: never blocks on a slow reader; container echo is dropped, events never.

import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

@Suite struct TerminalOutputTests {
    @Test func aReaderThatNeverReadsNeverBlocksTheWriterAndLearnsWhatItMissed() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        let pipe = TestPipe()
        defer { pipe.close() }
        let output = TerminalOutput(fd: pipe.write, loop: loop)
        let line = [UInt8](repeating: UInt8(ascii: "e"), count: 1023) + [0x0A]
        // 16 MiB of lines into a 64 KiB pipe nobody reads: every call returns (this test would hang
        // otherwise), and what waits stays bounded.
        for _ in 0..<(16 * 1024) { output.write(line) }
        // The reader catches up: it gets at most the bound, then one notice with the count.
        var received: [UInt8] = []
        try loop.register(pipe.read) { _ in received += pipe.drain() }
        #expect(drive(loop) { String(decoding: received.suffix(200), as: UTF8.self).contains("lines were not printed") })
        #expect(received.count <= TerminalOutput.backlogLimit + 64 * 1024 + 200, "bounded: \(received.count) bytes")
        let notice = String(decoding: received.suffix(200), as: UTF8.self)
        let count = notice.split(separator: ":").last?.split(separator: " ").first.flatMap { Int($0) }
        #expect((count ?? 0) > 10_000, "the notice counts the lines dropped: \(notice)")
        // Lines written after that arrive again.
        output.write("an event line\n")
        #expect(drive(loop) { String(decoding: received.suffix(14), as: UTF8.self) == "an event line\n" })
        loop.unregister(pipe.read)
    }

    @Test func aRegularFileIsWrittenDirectly() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        var template = Array("/tmp/kl-termout-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        defer {
            Glibc.close(fd)
            unlink(path)
        }
        let output = TerminalOutput(fd: fd, loop: loop)
        output.write("to a file\n")
        output.finish()
        #expect(readFile(path).map { String(decoding: $0, as: UTF8.self) } == "to a file\n")
    }
}
