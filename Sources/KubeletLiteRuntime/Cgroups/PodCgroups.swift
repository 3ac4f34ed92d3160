// kubelet-lite — PodCgroups.swift
// One cgroup per pod and one per container, under the supervisor's own (lifecycle §D10, §21).

import Glibc
import KubeletLiteLifecycle

/// The pod's cgroups in every hierarchy it uses: the unified one (membership, `cgroup.kill`,
/// `cgroup.events`) and, on a hybrid host, the v1 controllers that carry the limits.
final class PodCgroups {
    /// The pod cgroup in the unified hierarchy.
    let unified: CgroupDirectory
    /// Controller → the pod cgroup that carries it (unified, or a v1 hierarchy).
    private let carriers: [String: CgroupDirectory]
    /// Controllers the host could not give: the limits that need them are not enforced.
    let missing: [String: String]
    /// The oom_kill counter of each container when its current instance started.
    private var oomBaseline: [String: Int64] = [:]

    private init(unified: CgroupDirectory, carriers: [String: CgroupDirectory], missing: [String: String]) {
        self.unified = unified
        self.carriers = carriers
        self.missing = missing
    }

    /// Every pod cgroup directory, one per hierarchy (for the state file and for cleanup).
    var directories: [String] {
        var seen: [String] = [unified.path]
        for dir in carriers.values where !seen.contains(dir.path) { seen.append(dir.path) }
        return seen
    }

    /// Creates the pod's cgroups named `name` below ours, with the controllers `wanted` where the host
    /// has them, and the pod's own limits.
    static func create(_ layout: CgroupLayout, name: String, wanted: Set<String>,
                       pod: CgroupLimits) -> Result<PodCgroups, CgroupsUnavailable> {
        guard let base = layout.unified.map({ CgroupDirectory(path: $0, unified: true) }) else {
            return .failure(CgroupsUnavailable("no cgroup v2 hierarchy is mounted"))
        }
        let podDir = base.child(name)
        do throws(SystemError) {
            try podDir.create()
        } catch {
            return .failure(CgroupsUnavailable(notWritable(base, error)))
        }
        var carriers: [String: CgroupDirectory] = [:]
        var missing: [String: String] = [:]
        let v2 = UnifiedControllers.enable(wanted, base: base, pod: podDir)
        for controller in wanted.sorted() {
            if v2.enabled.contains(controller) {
                carriers[controller] = podDir
            } else if let root = layout.v1[controller] {
                let dir = CgroupDirectory(path: root, unified: false).child(name)
                do throws(SystemError) {
                    try dir.create()
                    carriers[controller] = dir
                } catch {
                    missing[controller] = notWritable(CgroupDirectory(path: root, unified: false), error)
                }
            } else {
                missing[controller] = v2.reason ?? "the \(controller) controller is not available on this host"
            }
        }
        let cgroups = PodCgroups(unified: podDir, carriers: carriers, missing: missing)
        cgroups.write(pod, into: { $0 })
        return .success(cgroups)
    }

    private static func notWritable(_ base: CgroupDirectory, _ error: SystemError) -> String {
        error.errno == EACCES || error.errno == EPERM || error.errno == EROFS
            ? "not root and no delegated cgroup (\(base.path) is not writable)" : "\(error)"
    }

    /// Writes `limits` into each carrier, mapped to the cgroup at hand (the pod's or a container's),
    /// in the file names of the carrier's cgroup version. A file the host lacks (no swap
    /// accounting, an older kernel) is skipped.
    private func write(_ limits: CgroupLimits, into map: (CgroupDirectory) -> CgroupDirectory) {
        for (controller, carrier) in carriers {
            let dir = map(carrier)
            let files = dir.unified ? limits.unifiedFiles : limits.legacyFiles
            for file in files where file.name.hasPrefix(controller + ".") && dir.has(file.name) {
                do throws(SystemError) {
                    try dir.write(file.name, file.value)
                } catch {
                    // A value the kernel refuses leaves that limit unset; the container still runs.
                }
            }
        }
    }

    /// Creates (or reuses) a container's cgroups and writes its limits; returns the cgroup.procs files
    /// its exec helper joins before anything runs.
    func prepareContainer(_ container: String, _ limits: CgroupLimits) -> [String] {
        var files: [String] = []
        for dir in hierarchies(of: container) {
            do throws(SystemError) {
                try dir.create()
                files.append(dir.procsFile)
            } catch {
                continue  // without this hierarchy the container still runs, unlimited there
            }
        }
        write(limits, into: { $0.child(container) })
        oomBaseline[container] = oomKills(container)
        return files
    }

    /// The container's cgroup in every hierarchy, unified first.
    private func hierarchies(of container: String) -> [CgroupDirectory] {
        var out = [unified.child(container)]
        for dir in carriers.values where !out.contains(where: { $0.path == dir.child(container).path }) {
            out.append(dir.child(container))
        }
        return out
    }

    /// The cgroup.procs files a probe or hook of the container joins (the container's own cgroups).
    func joinFiles(_ container: String) -> [String] {
        hierarchies(of: container).filter { access($0.path, F_OK) == 0 }.map(\.procsFile)
    }

    /// SIGKILLs everything in a container's cgroup.
    func kill(_ container: String) {
        do throws(SystemError) { try unified.child(container).killAll() } catch {}
    }

    /// SIGKILLs everything in the pod's cgroups (the end of the pod).
    func killAll() {
        do throws(SystemError) { try unified.killAll() } catch {}
    }

    /// Whether the OOM killer killed in the container's cgroup since its current instance started.
    func oomKilledSinceStart(_ container: String) -> Bool {
        oomKills(container) > (oomBaseline[container] ?? 0)
    }

    private func oomKills(_ container: String) -> Int64 {
        guard let dir = carriers["memory"]?.child(container) else { return 0 }
        return dir.unified ? dir.counter("memory.events", "oom_kill") ?? 0
            : dir.counter("memory.oom_control", "oom_kill") ?? 0
    }

    /// Kills everything of the pod, waits (bounded) until the unified cgroup is empty, removes all.
    func remove() {
        Self.remove(directories)
    }

    /// The same for the directories a dead supervisor recorded (a re-apply's cleanup).
    static func remove(_ directories: [String]) {
        let ours = directories.filter(isPodCgroup)
        for path in ours {
            let dir = CgroupDirectory(path: path, unified: access(path + "/cgroup.kill", F_OK) == 0)
            if dir.unified {
                do throws(SystemError) { try dir.killAll() } catch {}
                CgroupEvents.waitUntilEmpty(dir, timeoutMs: 5000)
            }
        }
        for path in ours { CgroupDirectory(path: path, unified: false).removeTree() }
    }

    /// Only a pod cgroup of ours is ever killed or removed, whatever a state file says: a cgroup
    /// mount, a last component `kubelet-lite-…`, no `..`.
    static func isPodCgroup(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return path.hasPrefix("/sys/fs/cgroup/") && !parts.contains("..") && !parts.contains(".")
            && (parts.last?.hasPrefix("kubelet-lite-") ?? false)
    }
}

/// Why the pod runs without cgroups (or without some of their limits), in words for the Warning event.
struct CgroupsUnavailable: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
