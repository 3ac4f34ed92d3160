// kubelet-lite — ManifestDirectory.swift
// A directory of manifests: which files count, and, for static pods, inotify telling the pod host
// which file changed, after a short debounce on the event loop (architecture §4.11).

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

/// The manifests of a directory, and the watch that keeps a pod host's pods in step with them.
public final class ManifestDirectory {
    /// How long after a file's first event its pods are reconciled: an editor's save (a temporary
    /// file, a rename, a second write) is over by then, and only its end is read.
    static let debounce = Micros(100_000)

    public let path: String
    private unowned let host: PodHost
    private var inotify: Int32 = -1
    private var pending: Set<String> = []
    private var timer: EventLoop.TimerToken?

    init(path: String, host: PodHost) {
        self.path = path
        self.host = host
    }

    /// Whether a file name is a manifest: `*.yaml`, `*.yml`, `*.json`, not a dot-file (the kubelet
    /// ignores those); so editors' temporaries (`.#x`, `x~`, `.x.swp`, vim's `4913`) never count.
    public static func isManifest(_ name: String) -> Bool {
        !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json"))
    }

    /// The manifest files of `directory`, by name, with their paths; nil (errno set) when it cannot be read.
    public static func manifests(in directory: String) -> [String]? {
        guard let dir = opendir(directory) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            guard isManifest(name) else { continue }
            var st = stat()
            let file = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if stat(file, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { names.append(file) }
        }
        return names.sorted()
    }

    /// Watches the directory, then starts the pods of every manifest in it.
    func open() throws(SystemError) {
        inotify = kl_inotify_init()
        guard inotify >= 0 else { throw SystemError("inotify_init1") }
        guard kl_inotify_watch_dir(inotify, path) >= 0 else { throw SystemError("inotify_add_watch", path) }
        try host.loop.register(inotify, events: KL_EV_IN) { [unowned self] _ in self.readEvents() }
        rescan()
    }

    /// Stops watching (every pod is stopping).
    func close() {
        if let timer { host.loop.cancel(timer) }
        timer = nil
        pending.removeAll()
        guard inotify >= 0 else { return }
        host.loop.unregister(inotify)
        Glibc.close(inotify)
        inotify = -1
    }

    /// Every file on disk and every file a pod runs from, reconciled now (SIGHUP, a lost event).
    func rescan() {
        guard let files = Self.manifests(in: path) else {
            return host.diagnostic("cannot read \(path): \(SystemError.text(errno)); the pods keep running")
        }
        for file in Set(files).union(host.pods.values.map(\.file)).sorted() { host.reconcile(file) }
    }

    /// `file` is to be reconciled at the end of the debounce.
    func changed(_ file: String) {
        pending.insert(file)
        guard timer == nil else { return }
        timer = host.loop.schedule(at: host.loop.now() + Self.debounce) { [unowned self] in
            self.timer = nil
            let files = self.pending.sorted()
            self.pending.removeAll()
            for file in files { self.host.reconcile(file) }
        }
    }

    private func readEvents() {
        var buffer = [CChar](repeating: 0, count: 65536)
        for _ in 0..<16 {
            let n = buffer.withUnsafeMutableBufferPointer { kl_inotify_read(inotify, $0.baseAddress, UInt($0.count)) }
            guard n > 0 else { return }
            var offset = 0
            while offset < n {
                var bits: UInt32 = 0
                var name: UnsafePointer<CChar>?
                offset = buffer.withUnsafeBufferPointer { kl_inotify_next($0.baseAddress, offset, &bits, &name) }
                if bits & KL_IN_OVERFLOW != 0 { rescan() }
                if bits & KL_IN_DIR_GONE != 0 {
                    host.diagnostic("\(path) was removed or moved: no more changes are seen; the pods keep running")
                }
                if let name, Self.isManifest(String(cString: name)) {
                    changed(path.hasSuffix("/") ? path + String(cString: name) : path + "/" + String(cString: name))
                }
            }
        }
    }
}

extension PodHost {
    /// Static pods (`run --manifest-dir`): watches `path` and starts the pods of its manifests.
    public func watch(directory path: String) throws(SystemError) {
        let watched = ManifestDirectory(path: path, host: self)
        directory = watched
        try watched.open()
    }

    /// Brings the pods of `file` in line with what it holds now: new pods start, pods it no longer
    /// holds stop gracefully, changed ones re-read it (SIGHUP). A file with any object that does
    /// not validate is reported and changes nothing that runs (its new valid pods still start).
    func reconcile(_ file: String) {
        guard !stopping else { return }
        let running = pods.values.filter { $0.file == file }
        let bytes: [UInt8]
        switch ManifestFile.read(file) {
        case .success(let b): bytes = b
        case .failure(let e) where e.errno == ENOENT:
            for child in running where !child.stopRequested { stop(child) }
            return
        case .failure(let e):
            return diagnostic("cannot read \(file) (\(e.reason)); its pods keep running")
        }
        let results = start(source: file, bytes: bytes)
        guard results.allSatisfy({ $0.pod != nil }) else {
            return diagnostic("\(file) does not validate: its running pods are left as they are")
        }
        let wanted = Dictionary(results.compactMap(\.pod).map { ("\($0.metadata.namespace)/\($0.metadata.name)", $0) },
                                uniquingKeysWith: { first, _ in first })
        for child in running where !child.stopRequested {
            guard let pod = wanted[child.key] else {
                stop(child)
                continue
            }
            if pod.manifest != child.manifest { reload(child, manifest: pod.manifest) }
        }
    }
}
