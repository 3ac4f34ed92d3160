// kubelet-lite — PseudoTerminal.swift (end-to-end)
// A pseudo-terminal whose slave is the controlling terminal of kubelet-lite, as a shell's would be.

import Glibc
import Testing

/// The master side of a pty, and kubelet-lite started as the leader of a new session on its slave:
/// Ctrl-C typed into the master reaches it as SIGINT from the line discipline, and closing the
/// master hangs the terminal up (the kernel sends SIGHUP to the session leader).
final class PseudoTerminal {
    private(set) var master: Int32
    let slavePath: String
    /// Everything read from the master so far.
    private(set) var output = ""

    /// TIOCSPTLCK and TIOCGPTN, whose macros Swift cannot import (they are `_IOW`/`_IOR` expressions).
    private static let unlockRequest = UInt(0x4004_5431)
    private static let numberRequest = UInt(0x8004_5430)

    /// What posix_openpt, grantpt, unlockpt and ptsname do on Linux (Swift's Glibc module, built
    /// without `_XOPEN_SOURCE`, exports none of them): open /dev/ptmx, unlock the slave, and read
    /// its number (grantpt has nothing to do with devpts).
    init() {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        precondition(master >= 0, "open /dev/ptmx: \(errno)")
        var unlock: CInt = 0
        var number: CInt = 0
        precondition(ioctl(master, Self.unlockRequest, &unlock) == 0, "TIOCSPTLCK: \(errno)")
        precondition(ioctl(master, Self.numberRequest, &number) == 0, "TIOCGPTN: \(errno)")
        slavePath = "/dev/pts/\(number)"
    }

    deinit { hangUp() }

    /// Starts `kubelet-lite ARGS` as a session leader whose standard descriptors are the slave; the
    /// first open of the slave makes it the session's controlling terminal.
    func start(_ args: [String], in scratch: Scratch) -> Supervisor {
        run([E2E.binary] + args, in: scratch)
    }

    /// Starts `argv` (a path and its arguments) the same way.
    func run(_ argv: [String], in scratch: Scratch) -> Supervisor {
        let pid = spawnTestProcess(argv, streams: [.file(slavePath, flags: O_RDWR), .descriptor(0), .descriptor(0)],
                                   scratch: scratch, setsid: true)
        return Supervisor(pid: pid, args: argv, outPath: "/dev/null", errPath: "/dev/null")
    }

    /// Types `text` at the terminal: "\u{03}" is Ctrl-C.
    func type(_ text: String) {
        _ = text.withCString { Glibc.write(master, $0, strlen($0)) }
    }

    /// Reads what the terminal printed until `needle` appears, up to `timeout` seconds (a bound on
    /// failure only: it returns as soon as the text is there).
    @discardableResult
    func waitFor(_ needle: String, timeout: Double) async -> Bool {
        await offPool { self.readUntil(needle, timeout: timeout) }
    }

    /// `waitFor`, blocking the calling thread.
    private func readUntil(_ needle: String, timeout: Double) -> Bool {
        let deadline = E2E.now() + timeout
        while !output.contains(needle) {
            let left = deadline - E2E.now()
            guard left > 0, master >= 0 else { return false }
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(left * 1000) + 1) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(master, &buffer, buffer.count)
            guard n > 0 else { return output.contains(needle) }  // EIO: no slave is open any more
            output += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return true
    }

    /// Closes the master: the terminal hangs up, as when its window or SSH session goes away.
    func hangUp() {
        guard master >= 0 else { return }
        close(master)
        master = -1
    }
}
