// kubelet-lite — Net/GRPCCheck.swift
// One gRPC health probe in the epoll loop (architecture §8.10, lifecycle §12.4): resolve, connect,
// h2c with prior knowledge, Health/Check, under the probe's timeout. KubeletLiteNet's
// GRPCHealthProbe speaks HTTP/2 and words the outcome; this moves bytes and keeps time.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteNet

/// A gRPC probe attempt. Never blocks; the completion runs exactly once from a loop callback and
/// never after `cancel()`; when it runs the socket is closed and every timer cancelled. Like
/// gRPC-Go's blocking dial, a refused or silent connection is dialled again with gRPC's backoff
/// until the deadline, which then reports `timeout: failed to connect service …`.
final class GRPCCheck {
    private let loop: EventLoop
    private let host: String
    private let port: Int
    private var probe: GRPCHealthProbe
    private var completion: ((GRPCProbeOutcome) -> Void)?
    private var timers: [EventLoop.TimerToken] = []
    private var lookup: HostLookup?
    /// The resolved addresses (looked up once per attempt) and the next one to try.
    private var addresses: [SocketAddress]?
    private var nextAddress = 0
    private var fd: Int32 = -1
    private var connecting = false
    private var outgoing: [UInt8] = []
    private var sent = 0
    private var local: SocketAddress?
    private var remote: SocketAddress?
    private var readBuffer = [UInt8](repeating: 0, count: 16 * 1024)

    private init(host: String, port: Int, service: String, timeout: Micros, loop: EventLoop,
                 completion: @escaping (GRPCProbeOutcome) -> Void) {
        self.loop = loop
        self.host = host
        self.port = port
        self.completion = completion
        probe = GRPCHealthProbe(host: host, port: port, service: service, timeout: .microseconds(timeout.value),
                                probeUserAgent: KubeVersion.probeUserAgent)
    }

    /// Starts the probe on the next loop turn; `timeout` is the probe's, the call's deadline.
    static func start(host: String, port: Int, service: String, timeout: Micros, loop: EventLoop,
                      completion: @escaping (GRPCProbeOutcome) -> Void) -> GRPCCheck {
        let check = GRPCCheck(host: host, port: port, service: service, timeout: timeout, loop: loop, completion: completion)
        check.timers.append(loop.schedule(at: loop.now()) { [check] in check.resolve() })
        check.timers.append(loop.schedule(at: loop.now() + timeout) { [check] in check.finish(check.probe.deadlineExpired()) })
        return check
    }

    /// Stops the attempt silently. Idempotent.
    func cancel() {
        completion = nil
        teardown()
    }

    private func finish(_ outcome: GRPCProbeOutcome) {
        guard let done = completion else { return }
        completion = nil
        teardown()
        done(outcome)
    }

    private func teardown() {
        lookup?.cancel()
        lookup = nil
        closeSocket()
        for t in timers { loop.cancel(t) }
        timers.removeAll()
    }

    private func closeSocket() {
        guard fd >= 0 else { return }
        loop.unregister(fd)
        _ = close(fd)
        fd = -1
        connecting = false
    }

    // MARK: - Dialing

    private func resolve() {
        guard completion != nil else { return }
        switch AddressResolution.resolve(host: host, port: port) {
        case .addresses(let list): dial(list)
        case .failed: react(probe.connectFailed())
        case .name(let name):
            lookup = HostLookup.start(name, loop: loop) { [unowned self] result in
                lookup = nil
                switch result {
                case .success(let ips): dial(AddressResolution.addresses(ips, port: port))
                // gRPC-Go treats a failed lookup as a failed dial: it backs off and tries again.
                case .failure: react(probe.connectFailed())
                }
            }
        }
    }

    private func dial(_ list: [SocketAddress]) {
        addresses = list
        nextAddress = 0
        dialNext()
    }

    private func dialNext() {
        guard let addresses, nextAddress < addresses.count else { return react(probe.connectFailed()) }
        let address = addresses[nextAddress]
        nextAddress += 1
        remote = address
        switch TCPSocket.startConnect(to: address) {
        case .connected(let s), .inProgress(let s):
            fd = s
            connecting = true
            do throws(SystemError) {
                try loop.register(s, events: KL_EV_OUT) { [unowned self] events in handle(events) }
            } catch {
                closeSocket()
                dialNext()
            }
        case .failed:
            dialNext()
        }
    }

    private func connected() {
        connecting = false
        local = SocketAddress.local(of: fd)
        outgoing = probe.outgoing()
        sent = 0
        flush()
    }

    // MARK: - Bytes

    private func handle(_ events: UInt32) {
        guard completion != nil, fd >= 0 else { return }
        if connecting {
            switch TCPSocket.connectState(fd) {
            case .pending: return
            case .failed:
                closeSocket()
                return dialNext()
            case .connected:
                return connected()
            }
        }
        if sent < outgoing.count { flush() }
        guard fd >= 0 else { return }
        receive()
    }

    /// Writes what the probe has to say; watches for EPOLLOUT only while the socket pushes back.
    private func flush() {
        let more = probe.outgoing()
        if !more.isEmpty {
            outgoing = Array(outgoing[sent...]) + more
            sent = 0
        }
        while sent < outgoing.count {
            switch TCPSocket.send(fd, outgoing, from: sent) {
            case .bytes(let n): sent += n
            case .wouldBlock: return watch(KL_EV_IN | KL_EV_RDHUP | KL_EV_OUT)
            case .endOfStream: return
            case .failed(let code): return react(probe.transportEnded(ioText("write", code)))
            }
        }
        watch(KL_EV_IN | KL_EV_RDHUP)
    }

    private func watch(_ events: UInt32) {
        do throws(SystemError) {
            try loop.update(fd, events: events)
        } catch {
            react(probe.transportEnded(error.description))
        }
    }

    /// Reads what is there, a bounded number of times per wake-up.
    private func receive() {
        for _ in 0..<8 {
            guard completion != nil, fd >= 0 else { return }
            switch TCPSocket.receive(fd, into: &readBuffer) {
            case .bytes(let n): react(probe.receive(readBuffer[0..<n]))
            case .wouldBlock: return
            case .endOfStream: return react(probe.transportEnded(nil), closed: true)
            case .failed(let code): return react(probe.transportEnded(ioText("read", code)), closed: true)
            }
        }
    }

    /// What the probe decided. `closed`: the connection is gone, so a still-pending probe waits
    /// for its deadline without a socket.
    private func react(_ event: GRPCHealthProbe.Event, closed: Bool = false) {
        guard completion != nil else { return }
        switch event {
        case .finished(let outcome):
            finish(outcome)
        case .pending:
            if closed { closeSocket() } else if fd >= 0 { flush() }
        case .redial(let delay):
            closeSocket()
            let micros = delay.components.seconds * 1_000_000 + delay.components.attoseconds / 1_000_000_000_000
            timers.append(loop.schedule(at: loop.now() + Micros(micros)) { [unowned self] in
                guard completion != nil else { return }
                probe.redialed()
                if addresses == nil { resolve() } else { dial(addresses ?? []) }
            })
        }
    }

    private func ioText(_ op: String, _ code: Int32) -> String {
        GoText.io(op, local: local?.description, remote: remote?.description ?? "", errno: code)
    }
}
