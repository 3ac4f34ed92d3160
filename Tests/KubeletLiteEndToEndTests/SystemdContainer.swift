// kubelet-lite — SystemdContainer.swift (end-to-end)
// A real systemd for SystemdServiceTests: Debian 12's systemd 252 as PID 1 of a systemd-nspawn
// container, driven through .ci/systemd-test/boot.sh. The root is built once per machine (cached at
// `root`); each test boots it afresh and powers it off at the end. What the host lacks (the
// packages, a Debian mirror, a kernel and cgroup layout nspawn can boot on) is a reason to skip,
// never a failure: only kubelet-lite's behaviour under systemd may fail these tests.

import Glibc
import Testing

extension Tool {
    static let systemdNspawn = Tool(name: "systemd-nspawn",
                                    install: "apt-get install --no-install-recommends systemd-container")
    static let nsenter = Tool(name: "nsenter", install: "apt-get install util-linux")
}

/// One booted container: boot.sh's subcommands as async calls (and blocking ones for `waitUntil`).
final class SystemdContainer {
    /// The root, built once per machine and kept: about 250 MB, 30 s from a nearby mirror
    /// (SYSTEMD_TEST_ROOT elsewhere).
    static let root = SystemdContainer.setting("SYSTEMD_TEST_ROOT") ?? "/var/lib/kl-systemd-root"
    static let script: String = {
        var dir = #filePath
        for _ in 0..<3 { dir = String(dir[..<dir.lastIndex(of: "/")!]) }
        return dir + "/.ci/systemd-test/boot.sh"
    }()

    /// The directory of the Swift runtime the debug binaries link dynamically: the one this test
    /// bundle has loaded. It is bound read-only at the same path inside, where their RUNPATH looks.
    static let swiftRuntime: String? = {
        E2E.readFile("/proc/self/maps").split(separator: "\n").lazy
            .compactMap { line -> String? in
                guard let slash = line.firstIndex(of: "/"), line.hasSuffix("/libswiftCore.so") else { return nil }
                let path = line[slash...]
                return String(path[..<path.lastIndex(of: "/")!])
            }.first
    }()

    let scratch: Scratch
    private(set) var running = false
    /// A lock beside the root, held from boot to poweroff: two test suites on one machine (two
    /// checkouts) share the one container, and without it one suite's boot, which first stops
    /// whatever runs, powered off the other's container in the middle of its test.
    private var lock: Int32 = -1

    init(_ scratch: Scratch) { self.scratch = scratch }

    /// The caller's value of an environment variable, if set and not empty.
    static func setting(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// boot.sh's environment: the caller's SYSTEMD_TEST_* settings (a mirror, a cgroup layout: see
    /// boot.sh) with this test's defaults, and the Swift runtime bound in.
    private var env: [String] {
        let passed = ["MIRROR", "SUITE", "BOOTSTRAP", "CGROUP", "NETWORK", "PACKAGES"].compactMap { name in
            Self.setting("SYSTEMD_TEST_" + name).map { "SYSTEMD_TEST_\(name)=\($0)" }
        }
        let nspawn = [Self.setting("SYSTEMD_TEST_NSPAWN_ARGS"), Self.swiftRuntime.map { "--bind-ro=\($0)" }]
        return passed + ["SYSTEMD_TEST_ROOT=\(Self.root)", "SYSTEMD_TEST_BOOT_TIMEOUT=60", "SYSTEMD_TEST_STOP_TIMEOUT=30",
                         "SYSTEMD_TEST_NSPAWN_ARGS=" + nspawn.compactMap { $0 }.joined(separator: " ")]
    }

    /// Starts boot.sh ARGS and returns at once.
    func spawn(_ args: [String]) -> Supervisor {
        spawnProgram([Self.script] + args, in: scratch, env: env)
    }

    /// boot.sh ARGS to its end: status (-1 if still running at `deadline`: then killed), stdout, stderr.
    func script(_ args: [String], deadline: Double = E2E.deadline) async -> (status: Int32, out: String, err: String) {
        let s = spawn(args)
        guard let status = await s.exitIfAny(within: deadline) else {
            return (-1, s.stdout, s.stderr + "\n(no end within \(deadline) s)")
        }
        return (status, s.stdout, s.stderr)
    }

    /// CMD inside the container.
    func exec(_ command: String...) async -> (status: Int32, out: String, err: String) {
        await script(["exec"] + command)
    }

    /// CMD inside the container, blocking: only inside a `waitUntil` condition or `offPool`.
    func execBlocking(_ command: [String]) -> (status: Int32, out: String) {
        let s = spawn(["exec"] + command)
        return (s.exitBlocking(within: E2E.deadline) ?? -1, s.stdout)
    }

    /// `systemctl show -P NAME UNIT`, blocking.
    func property(_ name: String, of unit: String) -> String {
        execBlocking(["systemctl", "show", "-P", name, unit]).out.trimmingNewlines
    }

    /// Builds the root if this machine has none, then boots a fresh container. Nil once it runs,
    /// else why it cannot run here (the test then skips).
    func boot() async -> String? {
        if access(Self.root + "/etc/systemd-test-root", F_OK) != 0 {
            guard Tool(name: "mmdebstrap", install: "").path != nil || Tool(name: "debootstrap", install: "").path != nil else {
                return "needs mmdebstrap (apt-get install --no-install-recommends mmdebstrap) to build the systemd root at \(Self.root)"
            }
            let built = await script(["build"], deadline: 900)
            guard built.status == 0 else {
                return "could not build the Debian 12 root at \(Self.root) (no Debian mirror?): \(Self.tail(built.err))"
            }
        }
        // Another suite's test keeps the container until its poweroff: wait for it (a flock, no polling).
        lock = open(Self.root + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if lock >= 0 { _ = flock(lock, LOCK_EX) }
        // Whatever a previous run left running goes first: this test wants a fresh boot.
        _ = await script(["stop"])
        let started = await script(["start"], deadline: 120)
        guard started.status == 0 else {
            _ = await script(["stop"])
            releaseLock()
            return "systemd-nspawn cannot boot systemd 252 on this host (kernel, cgroup layout?): \(Self.tail(started.err))"
        }
        running = true
        return nil
    }

    /// Orderly poweroff, and the host cgroups removed (boot.sh stop); what it could not do is an issue.
    func powerOff() async {
        guard running else { return }
        let stopped = await script(["stop"], deadline: 90)
        running = false
        releaseLock()
        #expect(stopped.status == 0 && !stopped.err.contains("could not remove"), "poweroff: \(stopped.err)")
    }

    /// The last lines of a script's stderr, for a reason on one line.
    static func tail(_ text: String) -> String {
        text.split(separator: "\n").suffix(4).joined(separator: " | ")
    }

    private func releaseLock() {
        if lock >= 0 { close(lock) }
        lock = -1
    }

    deinit {
        // Only if the test ended without powerOff() (it always calls it): no container stays behind.
        if running { _ = system("SYSTEMD_TEST_ROOT='\(Self.root)' '\(Self.script)' stop >/dev/null 2>&1") }
        releaseLock()
    }
}

extension String {
    var trimmingNewlines: String {
        var s = Substring(self)
        while s.last == "\n" || s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
