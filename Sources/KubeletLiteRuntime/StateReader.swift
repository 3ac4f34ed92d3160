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
        guard let bytes = readFile(directory + "/events.jsonl", limit: 64 << 20) else { return [] }
        return PublishedEvent.decodeLines(bytes, file: "events.jsonl of \(namespace)/\(name)")
    }

    /// The log file of one instance of a container.
    public func logPath(container: String, restartCount: Int) -> String {
        "\(directory)/logs/\(container)/\(restartCount).log"
    }

    /// A directory is `NAMESPACE_NAME` (`Pod.stateKey`); neither part can hold `_`, both being DNS names.
    static func split(_ key: String) -> (namespace: String, name: String) {
        guard let cut = key.firstIndex(of: "_") else { return ("", key) }
        return (String(key[..<cut]), String(key[key.index(after: cut)...]))
    }
}

/// Lists and reads the pods of a state directory.
public enum StateReader {
    /// Every pod that has published a pod.json, readable or not, sorted by namespace and name.
    public static func pods(in root: String) -> [PodRecord] {
        guard let dir = opendir(root + "/pods") else { return [] }
        defer { closedir(dir) }
        var out: [PodRecord] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard !name.hasPrefix("."), let record = pod(key: name, in: root) else { continue }
            out.append(record)
        }
        return out.sorted { $0.key < $1.key }
    }

    /// The pod of directory `key`; nil when it has no pod.json (yet: a supervisor writes it
    /// atomically once it starts).
    public static func pod(key: String, in root: String) -> PodRecord? {
        let directory = "\(root)/pods/\(key)"
        let (namespace, name) = PodRecord.split(key)
        let file = "pod.json of \(namespace)/\(name)"
        let pod: Result<PublishedPod, PublishedPodError>
        if let bytes = readFile(directory + "/pod.json", limit: 64 << 20) {
            pod = Result { () throws(PublishedPodError) in try PublishedPod.decode(bytes, file: file) }
        } else {
            let reason = errno  // readFile fails only in open(2), so errno is open's
            guard reason != ENOENT else { return nil }
            pod = .failure(PublishedPodError(file: file, field: "", problem: String(cString: strerror(reason))))
        }
        return PodRecord(key: key, directory: directory, pod: pod, alive: supervisorAlive(directory))
    }

    /// Removes the state of a pod that no supervisor runs (after killing anything a dead one left).
    /// Returns false if a supervisor holds it after all.
    public static func remove(_ record: PodRecord) -> Bool {
        let lock: PodDirectoryLock
        do throws(PodDirectoryLock.Failure) {
            lock = try PodDirectoryLock(dir: record.directory)
        } catch {
            return false
        }
        lock.cleanStaleState()
        lock.release()
        StateDirectory.removeTree(record.directory)
        return true
    }

    /// A running supervisor holds an exclusive flock on supervisor.pid; probing with a shared one tells.
    static func supervisorAlive(_ directory: String) -> Bool {
        let fd = open(directory + "/supervisor.pid", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// The text of a CRI log file, the last `tail` lines, each ending in a newline.
    public static func logText(_ path: String, tail: Int?) -> String? {
        guard let bytes = readFile(path, limit: 1 << 30) else { return nil }
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
