// kubelet-lite — SystemdNotifierTests.swift
// The notify socket's address rules and one datagram through a real AF_UNIX socket (architecture §9.5).

import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

@Suite struct SystemdNotifierTests {
    @Test func aPathIsSentWithItsNulAndAnAbstractNameWithALeadingNul() throws {
        let path = try #require(NotifySocketAddress("/run/systemd/notify"))
        #expect(!path.isAbstract)
        #expect(path.path == Array("/run/systemd/notify".utf8))
        #expect(Int(path.length) == 2 + 19 + 1)
        let abstract = try #require(NotifySocketAddress("@kl/notify"))
        #expect(abstract.isAbstract)
        #expect(abstract.path == [0] + Array("kl/notify".utf8))
        #expect(Int(abstract.length) == 2 + 10)
    }

    @Test func whatSdNotifyRefusesIsRefused() {
        for value in ["", "@", "/", "relative/sock", "vsock:2:1234", "/" + String(repeating: "x", count: 107)] {
            #expect(NotifySocketAddress(value) == nil, "\(value.prefix(20))")
        }
        #expect(NotifySocketAddress("/" + String(repeating: "x", count: 106)) != nil, "106 + 1 + NUL fit in 108")
        #expect(NotifySocketAddress("@" + String(repeating: "x", count: 107)) != nil, "an abstract name needs no NUL")
    }

    @Test func theWatchdogIsPingedAtHalfItsPeriodAndOnlyForItsOwnPid() {
        #expect(NotifyEnvironment.watchdogInterval(usec: "30000000", pid: nil, ownPID: 42) == Micros(15_000_000))
        #expect(NotifyEnvironment.watchdogInterval(usec: "30000000", pid: "42", ownPID: 42) == Micros(15_000_000))
        #expect(NotifyEnvironment.watchdogInterval(usec: "30000000", pid: "43", ownPID: 42) == nil)
        #expect(NotifyEnvironment.watchdogInterval(usec: "0", pid: nil, ownPID: 42) == nil)
        #expect(NotifyEnvironment.watchdogInterval(usec: "soon", pid: nil, ownPID: 42) == nil)
        #expect(NotifyEnvironment.watchdogInterval(usec: nil, pid: "42", ownPID: 42) == nil)
    }

    /// A datagram to an abstract socket bound here arrives whole; to a socket nobody listens on it is
    /// dropped without blocking.
    @Test func aMessageIsOneDatagram() throws {
        let name = "@kl-notify-test-\(getpid())"
        let address = try #require(NotifySocketAddress(name))
        let listener = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        defer { close(listener) }
        var sa = address.sockaddr
        let bound = withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, address.length) }
        }
        #expect(bound == 0)
        var failures: [String] = []
        let notifier = try #require(SystemdNotifier(address, diagnostic: { failures.append($0) }))
        notifier.send("READY=1\nSTATUS=Running 1/1 ready, 0 restarts")
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = recv(listener, &buffer, buffer.count, 0)
        #expect(n > 0)
        #expect(String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self) == "READY=1\nSTATUS=Running 1/1 ready, 0 restarts")
        let nobodyAddress = try #require(NotifySocketAddress("@kl-nobody-\(getpid())"))
        let nobody = try #require(SystemdNotifier(nobodyAddress, diagnostic: { failures.append($0) }))
        nobody.send("WATCHDOG=1")
        nobody.send("WATCHDOG=1")
        #expect(failures.count == 1, "the first failure is reported, once: \(failures)")
    }
}
