// kubelet-lite — SpawnerTests.swift
// Spawning: a clean signal state, the process group, stdin, the working directory, runc's errors.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

@Suite struct SpawnerTests {
    /// The shell prints its own process group (field 5 of /proc/PID/stat).
    static let printGroup = "read -r line < /proc/$$/stat; set -- $line; echo $5"

    /// Runs `sh -c script` and returns its stdout and exit.
    func run(_ script: String, workingDir: String? = "/", group: pid_t = 0) -> (String, ProcessExit, pid_t) {
        let out = TestPipe(nonblockingRead: false)
        let request = SpawnRequest(path: "/bin/sh", argv: ["sh", "-c", script], environment: cleanEnvironment,
                                   workingDir: workingDir, processGroup: group, stdoutFD: out.write, stderrFD: nil)
        guard case .success(let pid) = Spawner.spawn(request) else {
            out.close()
            Issue.record("spawn failed")
            return ("", .exited(code: -1), 0)
        }
        Glibc.close(out.write)
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(out.read, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            text += buffer[0..<n]
        }
        Glibc.close(out.read)
        return (String(decoding: text, as: UTF8.self), reapChild(pid), pid)
    }

    @Test func theChildHasNoBlockedOrIgnoredSignals() {
        // The test process blocks and ignores signals of its own; none of that may reach a container.
        let (text, exit, _) = run("grep -E '^Sig(Blk|Ign)' /proc/self/status")
        #expect(exit == .exited(code: 0))
        let fields = text.split(separator: "\n").map { $0.split(separator: ":").map { $0.trimmingCharacters() } }
        let blocked = fields.first { $0.first == "SigBlk" }?.last
        let ignored = fields.first { $0.first == "SigIgn" }?.last
        #expect(blocked == "0000000000000000")
        // glibc's posix_spawn leaves its two internal real-time signals ignored; NPTL re-arms them.
        #expect(ignored.map { UInt64($0, radix: 16)! & ~0x1_8000_0000 } == 0)
    }

    @Test func theChildLeadsANewGroupOrJoinsTheOneGiven() {
        let (own, _, pid) = run(Self.printGroup)
        #expect(Int32(own.split(separator: "\n").first?.trimmingCharacters() ?? "") == pid)
        // Join a group led by a live process of our own.
        let leader = Spawner.spawn(SpawnRequest(path: "/bin/sleep", argv: ["sleep", "30"], environment: [],
                                                workingDir: "/", processGroup: 0, stdoutFD: nil, stderrFD: nil))
        guard case .success(let leaderPID) = leader else {
            Issue.record("leader did not start")
            return
        }
        defer {
            kill(leaderPID, SIGKILL)
            _ = reapChild(leaderPID)
        }
        let (joined, _, _) = run(Self.printGroup, group: leaderPID)
        #expect(Int32(joined.split(separator: "\n").first?.trimmingCharacters() ?? "") == leaderPID)
    }

    @Test func stdinIsDevNullAndTheWorkingDirectoryIsSet() {
        let (text, _, _) = run("pwd; cat; echo end", workingDir: "/tmp")
        #expect(text == "/tmp\nend\n")
    }

    @Test func aMissingProgramIsRuncsError() {
        let request = SpawnRequest(path: "/nonexistent/prog", argv: ["prog"], environment: [], workingDir: "/",
                                   processGroup: 0, stdoutFD: nil, stderrFD: nil)
        guard case .failure(let e) = Spawner.spawn(request) else {
            Issue.record("spawned a program that does not exist")
            return
        }
        #expect(e.message == "unable to start container process: exec: \"prog\": stat /nonexistent/prog: no such file or directory")
    }
}

@Suite struct ProgramLookupTests {
    @Test func findsTheProgramInTheContainersPath() {
        let found = ProgramLookup.resolve(["sh", "-c", "true"], environment: cleanEnvironment, workingDir: "/")
        #expect((try? found.get())?.hasSuffix("/sh") == true)
    }

    @Test func notFoundNoCommandAndBadWorkingDirectory() {
        func message(_ r: Result<String, SpawnError>) -> String? {
            if case .failure(let e) = r { e.message } else { nil }
        }
        #expect(message(ProgramLookup.resolve(["no-such-program-x"], environment: cleanEnvironment, workingDir: "/"))
            == "unable to start container process: exec: \"no-such-program-x\": executable file not found in $PATH")
        #expect(message(ProgramLookup.resolve([], environment: cleanEnvironment, workingDir: "/"))
            == "unable to start container process: exec: no command")
        #expect(message(ProgramLookup.resolve(["sh"], environment: cleanEnvironment, workingDir: "/no/such/dir"))
            == "unable to start container process: chdir to cwd (\"/no/such/dir\") set in config.json failed: no such file or directory")
        #expect(message(ProgramLookup.resolve(["sh"], environment: cleanEnvironment, workingDir: "/etc/hostname"))
            == "unable to start container process: chdir to cwd (\"/etc/hostname\") set in config.json failed: not a directory")
    }

    @Test func aDirectoryOrANonExecutableIsPermissionDenied() {
        let r = ProgramLookup.resolve(["/etc"], environment: cleanEnvironment, workingDir: "/")
        guard case .failure(let e) = r else {
            Issue.record("a directory resolved as a program")
            return
        }
        #expect(e.message == "unable to start container process: exec: \"/etc\": permission denied")
    }
}
