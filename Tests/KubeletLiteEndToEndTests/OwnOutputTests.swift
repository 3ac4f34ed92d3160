// kubelet-lite — OwnOutputTests.swift (end-to-end)
// The supervisor's own stdout and stderr never stall it: a reader that never reads changes nothing
// but what is printed (architecture §4.8).

import Glibc
import KubeletLiteModel
import Testing

@Suite struct OwnOutputTests {
    /// Starts `kubelet-lite ARGS` with stdout and stderr on one pipe that nobody reads.
    static func startUnread(_ args: [String], in t: Scratch) -> (pid: pid_t, pipe: [Int32]) {
        let fds = closeOnExecPipe()!
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        let argv: [UnsafeMutablePointer<CChar>?] = ([E2E.binary] + args).map { strdup($0) } + [nil]
        let variables: [String] = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                   "KUBELET_LITE_STATE_DIR=\(t.state)"]
        let env: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer { for p in argv + env { free(p) } }
        var pid: pid_t = 0
        precondition(posix_spawn(&pid, E2E.binary, &actions, nil, argv, env) == 0)
        close(fds[1])
        return (pid, fds)
    }

    @Test func anUnreadStdoutNeverStallsTheSupervisor() async {
        let t = await Scratch.admitted()
        // 10 MB of output, then a marker file; the container then waits to be stopped.
        let script = "yes \(String(repeating: "x", count: 99)) | head -c 10000000; touch {T}/written; exec sleep 600"
        let manifest = t.write("p.json", """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "chatty"},
             "spec": {"terminationGracePeriodSeconds": 3, "containers": [{"name": "c", "image": "busybox",
               "command": ["sh", "-c", "\(script)"]}]}}
            """)
        let (pid, fds) = Self.startUnread(["apply", manifest], in: t)
        defer { close(fds[0]) }
        let watch = ExitWatch(pid: pid)  // a thread blocked in waitpid: the exit is seen when it happens
        await waitUntil("the container's 10 MB written") { t.read("written") != nil }
        let stop = wallNow()
        kill(pid, SIGTERM)
        let exit = await offPool { watch.wait(seconds: 10) }
        if exit == nil {
            kill(pid, SIGKILL)
            _ = await offPool { watch.wait(seconds: 60) }
        }
        #expect(exit != nil, "apply exited after SIGTERM although nobody read its output")
        #expect(exit?.status == 0)
        let took = (exit?.at ?? .infinity) - stop
        #expect(took < 3 + 2, "within the pod's grace: \(took) s")
        // 10 MB with timestamps is past the 10Mi rotation size: the log is 0.log and a rotated part.
        let logs = await E2E.run(["logs", "chatty"], in: t)
        let lines = logs.stdout.split(separator: "\n").filter { $0 == String(repeating: "x", count: 99) }.count
        #expect(lines == 10_000_000 / 100, "the log holds all 10 MB: \(lines) lines")
    }
}
