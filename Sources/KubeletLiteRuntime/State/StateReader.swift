// kubelet-lite — StateReader.swift
// Reading the state directory from another terminal: pods, their status, events and logs.

import Glibc
import KubeletLiteLifecycle
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
    /// What `delete` left in the directory (`deleted`), if it ever deleted a pod of this name.
    public var deletion: DeletionMark?

    /// Whether `delete` removed this pod (architecture §6.4): the mark names this very pod (its
    /// uid: a new apply of the name is a new pod), and the pod has stopped, or was force-deleted,
    /// as the API forgets a pod once its kubelet has stopped it, or at once when forced. `get`
    /// and `delete` no longer see such a pod; `describe` and `logs` still read its records.
    public var isDeleted: Bool {
        guard let mark = deletion, let pod = try? pod.get(), let uid = pod.metadata.uid, uid == mark.uid else {
            return false
        }
        return mark.force || !alive || pod.status.phase.isTerminal
    }

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
        // Liveness before the document: a supervisor writes its last pod.json before it lets go of
        // the lock, so "not alive" read first means the document read next is its last one. Read
        // the other way round, a pod.json from just before the last write, with the supervisor gone
        // by the time of the lock check, showed a pod that ended cleanly as Unknown (and `get -w`
        // printed that as its end).
        let alive = PodDirectory.supervisor(of: dir) != nil
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
        let mark = (try? dir.read(DeletionMark.file, limit: 4096)).flatMap(DeletionMark.init(bytes:))
        return PodRecord(key: key, directory: dir.path, pod: pod, alive: alive, deletion: mark)
    }

    /// Records that `delete` removed the pod of `record` (its uid), whose supervisor accepted the
    /// request or is gone. False if the mark cannot be written.
    public static func markDeleted(_ record: PodRecord, force: Bool) -> Bool {
        guard let uid = try? record.pod.get().metadata.uid,
              let dir = try? SecureDirectory.root(record.directory, create: false) else { return false }
        do throws(StateDirectoryError) {
            try dir.writeAtomically(DeletionMark.file, DeletionMark(uid: uid, force: force).text)
            return true
        } catch {
            return false
        }
    }

    /// `delete` of a pod no supervisor runs: what a dead supervisor left is killed, and the pod is
    /// marked deleted; its records stay for describe and logs until the next apply of the name.
    /// False if a supervisor holds the pod after all, or the mark cannot be written.
    public static func deleteStopped(_ record: PodRecord, root: String) -> Bool {
        guard let directory = try? PodDirectory.claim(StateDirectory(root: root), key: record.key) else { return false }
        defer { directory.release() }
        killLeftPauseGroup(directory.dir)
        return markDeleted(record, force: false)
    }

    /// The pod's process group, if `/proc` still shows our pause process leading it (never a
    /// reused pid), as a new apply would kill it (architecture §6.4).
    private static func killLeftPauseGroup(_ dir: SecureDirectory) {
        guard let text = try? dir.read("sandbox.pid"),
              let pgid = pid_t(String(decoding: text, as: UTF8.self).split(separator: "\n").first ?? "") else { return }
        let comm = readFile("/proc/\(pgid)/comm").map { String(decoding: $0, as: UTF8.self) } ?? ""
        if comm.hasPrefix("kubelet-lite-pa") { kill(-pgid, SIGKILL) }
    }

    /// Removes the whole directory of a pod that no supervisor runs (after killing anything a dead
    /// one left): for a pod whose pod.json does not read, which nothing could describe or mark.
    /// Returns false if a supervisor holds it after all.
    public static func remove(_ record: PodRecord, root: String) -> Bool {
        guard let directory = try? PodDirectory.claim(StateDirectory(root: root), key: record.key) else { return false }
        directory.cleanStaleState()
        directory.removeAll()
        directory.release()
        return true
    }

    /// The text of a CRI log file with its rotated parts (architecture §6.7), the last `tail` lines,
    /// each ending in a newline.
    public static func logText(_ path: String, tail: Int?) -> String? {
        guard let bytes = RotatedLog.bytes(path) else { return nil }
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
