// kubelet-lite — UnifiedControllers.swift
// Making controllers available to the pod's cgroups in the unified hierarchy (architecture §4.10).

import Glibc

/// Enables controllers for the pod cgroup and its children in the unified hierarchy.
///
/// cgroup v2 hands a controller to a cgroup's children only through the parent's
/// `cgroup.subtree_control`, and only while the parent holds no process itself ("no internal
/// processes"). Under systemd with `Delegate=yes` the supervisor is alone in its service's cgroup:
/// it moves itself into a leaf child first, and the service's cgroup can then pass controllers on.
enum UnifiedControllers {
    /// The controllers now enabled for the pod's children, and why the others are not.
    struct Outcome {
        var enabled: Set<String>
        var reason: String?
    }

    static func enable(_ wanted: Set<String>, base: CgroupDirectory, pod: CgroupDirectory) -> Outcome {
        let available = Set((base.read("cgroup.controllers") ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        let usable = wanted.intersection(available)
        guard !usable.isEmpty else { return Outcome(enabled: [], reason: nil) }
        if !subtreeEnable(usable, in: base) {
            guard moveOurselvesToLeaf(base), subtreeEnable(usable, in: base) else {
                return Outcome(enabled: [], reason: "the supervisor's cgroup \(base.path) holds other processes, "
                    + "so it cannot pass controllers on (run under systemd with Delegate=yes)")
            }
        }
        // The pod cgroup hands them on to the container cgroups.
        return Outcome(enabled: subtreeEnable(usable, in: pod) ? usable : [], reason: nil)
    }

    private static func subtreeEnable(_ controllers: Set<String>, in dir: CgroupDirectory) -> Bool {
        let current = Set((dir.read("cgroup.subtree_control") ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        let needed = controllers.subtracting(current)
        if needed.isEmpty { return true }
        do throws(SystemError) {
            try dir.write("cgroup.subtree_control", needed.sorted().map { "+" + $0 }.joined(separator: " "))
            return true
        } catch {
            return false
        }
    }

    /// Moves the supervisor into `base/supervisor` when it is the only process in `base`.
    private static func moveOurselvesToLeaf(_ base: CgroupDirectory) -> Bool {
        guard base.processes == [getpid()] else { return false }
        let leaf = base.child("supervisor")
        do throws(SystemError) {
            try leaf.create()
            try leaf.write("cgroup.procs", String(getpid()))
            return true
        } catch {
            return false
        }
    }
}
