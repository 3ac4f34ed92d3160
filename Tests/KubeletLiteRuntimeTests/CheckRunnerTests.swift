// kubelet-lite — CheckRunnerTests.swift
// Exec checks through the exec helper: exit codes, bounded output, timeouts, cancellation.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

/// The exec helper built next to this test bundle.
let pauseProgram: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    var dir = String(decoding: buffer[0..<max(n, 0)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    while !dir.isEmpty {
        dir = String(dir[..<(dir.lastIndex(of: "/") ?? dir.startIndex)])
        if access(dir + "/kubelet-lite-pause", X_OK) == 0 { return dir + "/kubelet-lite-pause" }
    }
    return "kubelet-lite-pause"
}()

@Suite struct CheckRunnerTests {
    static let ref = ContainerRef(isInit: false, index: 0, name: "c")

    /// Runs one exec check to its report; the test reaps the helper itself (never waitpid(-1)).
    func check(_ command: [String], timeout: Micros? = nil) throws -> CheckObservation? {
        let loop = try EventLoop(clock: RuntimeClock())
        let runner = CheckRunner(loop: loop, helper: ExecHelper(program: pauseProgram, supervisor: getpid()))
        var result: CheckObservation?
        runner.onFinish = { _, observation in result = observation }
        let id = CheckID(container: Self.ref, instance: 0, purpose: .probe(.liveness))
        let context = ContainerContext(environment: cleanEnvironment, workingDir: "/", processGroup: 0, runAs: nil)
        runner.run(id, .exec(command: command), timeout: timeout, context: context)
        for pid in runner.helperPIDs {
            // The supervisor's reaper routes the helper's exit; here a pidfd says when it has come.
            let pidfd = kl_pidfd_open(pid)
            #expect(pidfd >= 0)
            try loop.register(pidfd) { _ in
                loop.unregister(pidfd)
                close(pidfd)
                #expect(runner.reaped(pid, reapChild(pid)))
            }
        }
        drive(loop) { result != nil }
        return result
    }

    @Test func reportsTheExitCodeAndOutput() throws {
        let r = try check(["sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(r == .exited(code: 3, stdout: "out\n", stderr: "err\n"))
    }

    @Test func aSignalDeathIs128PlusTheSignal() throws {
        #expect(try check(["sh", "-c", "kill -9 $$"]) == .exited(code: 137, stdout: "", stderr: ""))
    }

    @Test func outputIsCappedAt10KiB() throws {
        guard case .exited(_, let stdout, _)? = try check(["sh", "-c", "head -c 100000 /dev/zero | tr '\\\\0' x"]) else {
            Issue.record("no exit reported")
            return
        }
        #expect(stdout.utf8.count == KubeletLimits.probeOutputBytes)
    }

    @Test func aTimedOutCheckIsKilledWithItsTreeAndReportedOnce() throws {
        let start = RuntimeClock().now()
        #expect(try check(["sh", "-c", "sleep 300 & sleep 300"], timeout: Micros(200_000)) == .timedOut)
        #expect(RuntimeClock().now() - start < .seconds(5))
    }

    @Test func aProgramThatCannotStartIsAnError() throws {
        let r = try check(["no-such-program-x"])
        #expect(r == .error("unable to start container process: exec: \"no-such-program-x\": executable file not found in $PATH"))
    }
}
