// kubelet-lite — ExecHelperWordingTests.swift
// The pause program run directly (architecture §5.3): what the exec helper and the pause process
// say and exit with for a malformed command line, a command that cannot start, a command's exit
// and death, the start report, and a signal passed on. These words reach users (a container's log,
// a StartError's message), so they are pinned to the letter.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

/// The pause program started by the test itself: standard output and error and descriptor 3 (the
/// start report) on pipes, no signal blocked or ignored, reaped by pid only.
final class DirectHelper {
    let pid: pid_t
    let stdout = TestPipe(nonblockingRead: false)
    let stderr = TestPipe(nonblockingRead: false)
    let report = TestPipe(nonblockingRead: false)

    /// Starts `kubelet-lite-pause ARGUMENTS...`; nil if posix_spawn failed.
    init?(_ arguments: [String]) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (from, to) in [(stdout.write, Int32(1)), (stderr.write, 2), (report.write, 3)] {
            posix_spawn_file_actions_adddup2(&actions, from, to)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([pauseProgram] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, pauseProgram, &actions, &attributes, argv, environ)
        for pipe in [stdout, stderr, report] { Glibc.close(pipe.write) }
        guard rc == 0 else {
            for pipe in [stdout, stderr, report] { Glibc.close(pipe.read) }
            return nil
        }
        pid = child
    }

    /// Reads `fd` up to a newline (dropped), end of file, or `seconds`; nil if nothing came.
    static func line(from fd: Int32, seconds: Double = 10) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, Int32(seconds * 1000)) == 1, read(fd, &byte, 1) == 1, byte != 0x0A {
            bytes.append(byte)
        }
        return bytes.isEmpty && byte != 0x0A ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// Everything `fd` gives until end of file.
    static func all(_ fd: Int32) -> String {
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = retryingOnInterrupt { buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
            if n <= 0 { return String(decoding: text, as: UTF8.self) }
            text += buffer[0..<n]
        }
    }

    /// Reads the rest of its output and report, reaps it, and closes the pipes.
    func finish() -> (stdout: String, stderr: String, report: String, exit: ProcessExit) {
        let out = Self.all(stdout.read), err = Self.all(stderr.read), said = Self.all(report.read)
        let exit = reapChild(pid)
        for pipe in [stdout, stderr, report] { Glibc.close(pipe.read) }
        return (out, err, said, exit)
    }

    /// Runs the pause program to its end.
    static func run(_ arguments: [String]) -> (stdout: String, stderr: String, report: String, exit: ProcessExit) {
        guard let helper = DirectHelper(arguments) else {
            Issue.record("posix_spawn \(pauseProgram) failed")
            return ("", "", "", .exited(code: -1))
        }
        return helper.finish()
    }
}

/// The exec helper's and the pause process's words and exit codes, the pause program run directly.
@Suite struct ExecHelperWordingTests {
    /// A directory of this test's own, removed with what it holds.
    final class Scratch {
        let path: String

        init() {
            var template = Array("/tmp/kl-helper-wording-XXXXXX".utf8CString)
            path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        }

        deinit {
            for name in ["plain", "x"] { unlink(path + "/" + name) }
            rmdir(path)
        }
    }

    @Test func aMalformedExecCommandLineExits126AndSaysSo() {
        for arguments in [["exec", "0", "-u", "abc", "--", "/bin/true", "true"], ["exec", "0", "-l", "x", "--", "/bin/true", "true"],
                          ["exec", "0", "-x", "1", "/bin/true", "true"], ["exec", "0", "--", "/bin/true"]] {
            let r = DirectHelper.run(arguments)
            #expect(r.exit == .exited(code: 126), "\(arguments)")
            #expect(r.stderr == "kubelet-lite: the exec helper was called with a malformed command line\n", "\(arguments)")
            #expect(r.stdout.isEmpty && r.report.isEmpty)
        }
    }

    @Test func aMalformedPauseCommandLineExits126AndSaysSo() {
        // SUPERVISOR_PID must be a number, whole and not negative (an overlong `exec` is this mode too).
        for arguments in [[], ["abc"], ["12x"], ["-5"], [""], ["0", "-q"], ["0", "-k"], ["exec", "0", "true"]] {
            let r = DirectHelper.run(arguments)
            #expect(r.exit == .exited(code: 126), "\(arguments)")
            #expect(r.stderr == "kubelet-lite: the pause process was called with a malformed command line\n", "\(arguments)")
        }
    }

    @Test func aMissingCommandExits127WithRuncsWordsOnStderrAndTheReport() {
        let dir = Scratch()
        let r = DirectHelper.run(["exec", "0", "-s", "3", "--", dir.path + "/x", "x"])
        let why = "unable to start container process: exec: \"x\": stat \(dir.path)/x: no such file or directory"
        #expect(r.exit == .exited(code: 127))
        #expect(r.stderr == "kubelet-lite: \(why)\n")
        // The pid line and the error come from two processes: either may be first.
        let lines = r.report.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines.contains("error: \(why)"), "\(r.report)")
        #expect(lines.contains { $0.hasPrefix("pid ") && Int32($0.dropFirst(4)).map { $0 > 0 } == true }, "\(r.report)")
    }

    @Test func aFileThatIsNotExecutableExits126PermissionDenied() {
        let dir = Scratch()
        let fd = open(dir.path + "/plain", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        close(fd)
        let r = DirectHelper.run(["exec", "0", "-s", "3", "--", dir.path + "/plain", "plain"])
        #expect(r.exit == .exited(code: 126))
        #expect(r.stderr == "kubelet-lite: unable to start container process: exec: \"plain\": permission denied\n")
        #expect(r.report.contains("error: unable to start container process: exec: \"plain\": permission denied\n"))
    }

    @Test func theCommandsExitStatusIsTheHelpers() {
        let r = DirectHelper.run(["exec", "0", "--", "/bin/sh", "sh", "-c", "echo out; echo err >&2; exit 7"])
        #expect(r.exit == .exited(code: 7))
        #expect(r.stdout == "out\n" && r.stderr == "err\n")
        #expect(DirectHelper.run(["exec", "0", "/bin/true", "true"]).exit == .exited(code: 0))
    }

    @Test func aCommandKilledByASignalIs128PlusTheSignal() {
        #expect(DirectHelper.run(["exec", "0", "--", "/bin/sh", "sh", "-c", "kill -9 $$"]).exit == .exited(code: 137))
        #expect(DirectHelper.run(["exec", "0", "--", "/bin/sh", "sh", "-c", "kill -SEGV $$"]).exit == .exited(code: 139))
    }

    @Test func theReportSaysThePidThenEndsAtTheExec() {
        guard let helper = DirectHelper(["exec", "0", "-s", "3", "--", "/bin/sleep", "sleep", "30"]) else {
            Issue.record("spawn failed")
            return
        }
        let said = DirectHelper.all(helper.report.read)  // end of file: the command has exec'd
        let pid = said.hasPrefix("pid ") && said.hasSuffix("\n") ? pid_t(said.dropFirst(4).dropLast()) : nil
        #expect(pid != nil, "\(said)")
        if let pid {
            #expect(procStatus(pid, "PPid") == "\(helper.pid)")
            #expect(waitUntil(seconds: 10) { readFile("/proc/\(pid)/comm") == Array("sleep\n".utf8) })
        }
        #expect(isRunning(helper.pid))
        kill(helper.pid, SIGTERM)  // passed on: the command dies of it, and the helper says 128 + 15
        #expect(helper.finish().exit == .exited(code: 143))
    }

    @Test func aSignalSentToTheHelperReachesTheCommand() {
        let script = "trap 'echo got TERM; exit 5' TERM; echo ready; while :; do sleep 0.05; done"
        guard let helper = DirectHelper(["exec", "0", "--", "/bin/sh", "sh", "-c", script]) else {
            Issue.record("spawn failed")
            return
        }
        #expect(DirectHelper.line(from: helper.stdout.read) == "ready")
        kill(helper.pid, SIGTERM)
        let r = helper.finish()
        #expect(r.stdout == "got TERM\n")
        #expect(r.exit == .exited(code: 5))
    }
}
