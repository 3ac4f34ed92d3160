// kubelet-lite — StateReader.swift
// Reading the state directory from another terminal: pods, their status, events and logs.

import Glibc
import KubeletLiteModel
import KubeletLitePresentation

/// One pod directory of the state dir, as `get`, `describe`, `logs` and `delete` read it.
public struct PodRecord: Sendable {
    /// `NAMESPACE_NAME`, the directory's name.
    public var key: String
    public var directory: String
    /// pod.json, decoded once; or what is wrong with it.
    public var pod: Result<PublishedPod, PublishedPodError>
    /// Whether a supervisor holds the pod's lock right now.
    public var alive: Bool

    /// The pod's name: pod.json's, or the directory's when pod.json does not read.
    public var name: String {
        (try? pod.get().metadata.name) ?? PodRecord.split(key).name
    }

    /// The pod's namespace, read as `name` is.
    public var namespace: String {
        (try? pod.get().metadata.namespace) ?? PodRecord.split(key).namespace
    }

    /// `events.jsonl`, one v1 Event per line (a repeated event appears once per occurrence).
    public func events() -> [PublishedEvent] {
        guard let dir = try? SecureDirectory.root(directory, create: false),
              let bytes = try? dir.read("events.jsonl", limit: 64 << 20) else { return [] }
        return PublishedEvent.decodeLines(bytes, file: "events.jsonl of \(namespace)/\(name)")
    }

    /// The log file of one instance of a container.
    public func logPath(container: String, restartCount: Int) -> String {
        "\(directory)/logs/\(container)/\(restartCount).log"
    }

    /// The pod's control socket.
    public var controlSocket: String { directory + "/control.sock" }

    /// A directory is `NAMESPACE_NAME` (`Pod.stateKey`); neither part can hold `_`, both being DNS names.
    static func split(_ key: String) -> (namespace: String, name: String) {
        guard let cut = key.firstIndex(of: "_") else { return ("", key) }
        return (String(key[..<cut]), String(key[key.index(after: cut)...]))
    }
}

/// Lists and reads the pods of a state directory, trusting only directories and files of ours
/// (architecture §6.5).
public enum StateReader {
    /// Every pod that has published a pod.json, readable or not, sorted by namespace and name; none
    /// when there is no state directory yet.
    public static func pods(in root: String) throws(StateDirectoryError) -> [PodRecord] {
        guard let pods = try StateDirectory(root: root).pods(create: false) else { return [] }
        var out: [PodRecord] = []
        for key in pods.entries() where !key.hasPrefix(".") {
            if let record = try pod(key: key, in: pods) { out.append(record) }
        }
        return out
    }

    /// The pod of directory `key`; nil when it has no pod.json (yet: a supervisor writes it
    /// atomically once it starts).
    public static func pod(key: String, in root: String) throws(StateDirectoryError) -> PodRecord? {
        guard let pods = try StateDirectory(root: root).pods(create: false) else { return nil }
        return try pod(key: key, in: pods)
    }

    static func pod(key: String, in pods: SecureDirectory) throws(StateDirectoryError) -> PodRecord? {
        let dir = try pods.directory(key, create: false)
        let (namespace, name) = PodRecord.split(key)
        let file = "pod.json of \(namespace)/\(name)"
        let pod: Result<PublishedPod, PublishedPodError>
        do throws(StateDirectoryError) {
            let bytes = try dir.read("pod.json", limit: 64 << 20)
            pod = Result { () throws(PublishedPodError) in try PublishedPod.decode(bytes, file: file) }
        } catch {
            if error.errno == ENOENT { return nil }
            pod = .failure(PublishedPodError(file: file, field: "", problem: error.description))
        }
        return PodRecord(key: key, directory: dir.path, pod: pod, alive: PodDirectory.supervisor(of: dir) != nil)
    }

    /// Removes the state of a pod that no supervisor runs (after killing anything a dead one left).
    /// Returns false if a supervisor holds it after all.
    public static func remove(_ record: PodRecord, root: String) -> Bool {
        guard let directory = try? PodDirectory.claim(StateDirectory(root: root), key: record.key) else { return false }
        directory.cleanStaleState()
        directory.removeAll()
        directory.release()
        return true
    }

    /// The text of a CRI log file, the last `tail` lines, each ending in a newline.
    public static func logText(_ path: String, tail: Int?) -> String? {
        guard let bytes = readFile(path, limit: 1 << 30, following: false) else { return nil }
        let lines = CRILog.lines(bytes)
        let chosen = tail.map { Array(lines.suffix($0)) } ?? lines
        return chosen.isEmpty ? "" : chosen.joined(separator: "\n") + "\n"
    }
}

/// The kubelet's CRI log format: `<RFC3339Nano> stdout|stderr F|P <text>`.
struct CRILog {
    /// Text of a `P` (partial) record waiting for the rest of its line.
    private var partial = ""

    /// Decodes complete records (each ending in a newline); returns the lines they complete.
    mutating func decode<S: Sequence>(_ records: S) -> [String] where S.Element == UInt8 {
        var lines: [String] = []
        for record in Array(records).split(separator: UInt8(ascii: "\n")) {
            let fields = record.split(separator: UInt8(ascii: " "), maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            let text = fields.count == 4 ? String(decoding: fields[3], as: UTF8.self) : ""
            if fields[2].elementsEqual("P".utf8) {
                partial += text
            } else {
                lines.append(partial + text)
                partial = ""
            }
        }
        return lines
    }

    /// A last partial line, once nothing more will come.
    mutating func rest() -> [String] {
        defer { partial = "" }
        return partial.isEmpty ? [] : [partial]
    }

    /// The text lines of a whole log.
    static func lines(_ bytes: [UInt8]) -> [String] {
        var log = CRILog()
        return log.decode(bytes) + log.rest()
    }
}
