// kubelet-lite — ProcessTreeTests.swift
// Finding and killing a process's descendants from /proc.

import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

@Suite struct ProcessTreeTests {
    /// A shell that starts two background sleeps, one of them in a subshell, and says when they run.
    func startTree() -> (pid_t, [pid_t])? {
        let out = TestPipe(nonblockingRead: false)
        defer { Glibc.close(out.read) }
        let script = "sleep 300 & echo $!; (sleep 300 & echo $!; wait) & wait"
        let request = SpawnRequest(path: "/bin/sh", argv: ["sh", "-c", script], environment: cleanEnvironment,
                                   workingDir: "/", processGroup: 0, stdoutFD: out.write, stderrFD: nil)
        let spawned = Spawner.spawn(request)
        Glibc.close(out.write)
        guard case .success(let root) = spawned else { return nil }
        var pids: [pid_t] = []
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while pids.count < 2, Glibc.read(out.read, &byte, 1) == 1 {
            if byte == 0x0A {
                pids.append(pid_t(String(decoding: line, as: UTF8.self)) ?? 0)
                line = []
            } else {
                line.append(byte)
            }
        }
        return (root, pids)
    }

    /// From the children files, and from a scan of all of /proc (kernels without those files).
    @Test(arguments: [true, false]) func descendantsIncludeGrandchildren(childrenFiles: Bool) {
        guard let (root, sleeps) = startTree() else {
            Issue.record("could not start the tree")
            return
        }
        defer {
            ProcessTree.killTree(root)
            _ = reapChild(root)
        }
        #expect(ProcessTree.hasChildrenFiles, "this kernel has /proc/PID/task/TID/children")
        let found = ProcessTree(childrenFiles: childrenFiles).descendants(of: root)
        for pid in sleeps { #expect(found.contains(pid), "sleep \(pid) among \(found)") }
        #expect(!found.contains(root))
    }

    @Test func killTreeLeavesNothingRunning() {
        guard let (root, sleeps) = startTree() else {
            Issue.record("could not start the tree")
            return
        }
        ProcessTree.killTree(root)
        #expect(reapChild(root) == .killed(signal: SIGKILL))
        // SIGKILL is delivered at once but a process takes a moment to exit: a deadline bounds the wait.
        // (Not children of ours, they end as zombies of init or of a subreaper above us.)
        for pid in sleeps { #expect(waitUntil(seconds: 10) { !isRunning(pid) }, "sleep \(pid) survived") }
    }
}
