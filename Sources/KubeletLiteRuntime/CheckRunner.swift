// kubelet-lite — CheckRunner.swift
// Runs probe and hook checks: exec checks as processes of their container, TCP and HTTP in the loop.

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLiteNet

/// One exec check in flight: its process (the exec helper), its output, its deadline.
private final class ExecCheck {
    let id: CheckID
    let pid: pid_t
    var stdoutFD: Int32
    var stderrFD: Int32
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var timer: EventLoop.TimerToken?
    var timedOut = false
    /// Its container ended it: no result is reported.
    var cancelled = false

    init(id: CheckID, pid: pid_t, stdoutFD: Int32, stderrFD: Int32) {
        self.id = id
        self.pid = pid
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
    }
}

/// Runs checks and reports each exactly once through `onFinish`, never from inside `run`.
final class CheckRunner {
    static let outputLimit = KubeletLimits.probeOutputBytes

    private let loop: EventLoop
    private let helper: ExecHelper
    private var execs: [pid_t: ExecCheck] = [:]
    /// Whether `pid` is the exec helper of a check in flight.
    func owns(_ pid: pid_t) -> Bool { execs[pid] != nil }

    /// The exec helpers of the checks in flight.
    var helperPIDs: [pid_t] { Array(execs.keys) }
    private var nets: [CheckID: NetCheck] = [:]
    private var grpcs: [CheckID: GRPCCheck] = [:]
    var onFinish: (CheckID, CheckObservation) -> Void = { _, _ in }

    init(loop: EventLoop, helper: ExecHelper) {
        self.loop = loop
        self.helper = helper
    }

    func run(_ id: CheckID, _ request: CheckRequest, timeout: Micros?, context: ContainerContext) {
        switch request {
        case .exec(let command):
            runExec(id, command, timeout: timeout, context: context)
        case .tcp(let host, let port):
            nets[id] = NetCheck.tcp(host: host, port: port, timeout: timeout, loop: loop) { [unowned self] outcome in
                self.netFinished(id, outcome)
            }
        case .http(let check):
            let spec = HTTPRequestSpec(scheme: check.scheme.lowercased(), host: check.host, port: check.port,
                                       path: check.path, headers: check.headers.map { ($0.name, $0.value) },
                                       userAgent: check.userAgent, followRedirects: check.followRedirects)
            nets[id] = NetCheck.http(spec, timeout: timeout, loop: loop) { [unowned self] outcome in
                self.netFinished(id, outcome)
            }
        case .grpc(let host, let port, let service):
            grpcs[id] = GRPCCheck.start(host: host, port: port, service: service, timeout: timeout ?? .seconds(1),
                                        loop: loop) { [unowned self] outcome in
                self.grpcFinished(id, outcome)
            }
        }
    }

    private func grpcFinished(_ id: CheckID, _ outcome: GRPCProbeOutcome) {
        guard grpcs.removeValue(forKey: id) != nil else { return }
        switch outcome {
        case .success(let text): onFinish(id, .grpc(serving: true, message: text))
        case .failure(let text): onFinish(id, .grpc(serving: false, message: text))
        }
    }

    private func netFinished(_ id: CheckID, _ outcome: NetOutcome) {
        guard nets.removeValue(forKey: id) != nil else { return }
        let observation: CheckObservation
        switch outcome {
        case .connected: observation = .connected
        case .response(let status, _, let body): observation = .response(status: status, body: String(decoding: body, as: UTF8.self))
        case .redirectNotFollowed(let status, _, let body):
            observation = .redirectNotFollowed(status: status, body: String(decoding: body, as: UTF8.self))
        case .bodyReadFailed(let status, let message): observation = .bodyReadFailed(status: status, message: message)
        case .failed(let message): observation = .failed(message)
        case .httpsGotHTTP(let message): observation = .httpsGotHTTP(message)
        }
        onFinish(id, observation)
    }

    /// The command runs under the exec helper, a subreaper that kills whatever the command leaves
    /// behind (lifecycle §D10), in the pod's process group so it dies with the pod.
    private func runExec(_ id: CheckID, _ command: [String], timeout: Micros?, context: ContainerContext) {
        // The lifecycle already expanded what Kubernetes expands (probes: static env; hooks: nothing).
        let process: HelperProcess
        switch helper.start(command, in: context) {
        case .success(let p): process = p
        case .failure(let e): return finishSoon(id, .error(e.message))
        }
        let pid = process.pid
        let check = ExecCheck(id: id, pid: pid, stdoutFD: process.stdoutFD, stderrFD: process.stderrFD)
        execs[pid] = check
        for fd in [process.stdoutFD, process.stderrFD] {
            do throws(SystemError) {
                try loop.register(fd, events: KL_EV_IN | KL_EV_HUP) { [unowned self, unowned check] _ in
                    self.drain(check, fd: fd)
                }
            } catch {
                // Unwatched, the pipe is still read once the helper has been reaped.
            }
        }
        if let timeout {
            check.timer = loop.schedule(at: loop.now() + timeout) { [unowned check] in
                // lifecycle §12.4: a timed-out exec check is killed with its whole process tree, then reaped.
                check.timedOut = true
                check.timer = nil
                ProcessTree.killTree(check.pid)
            }
        }
    }

    /// Reads what a check wrote, keeping the first 10 KiB of each stream; closes at end of file.
    private func drain(_ check: ExecCheck, fd: Int32, maxReads: Int = 16) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        for _ in 0..<maxReads {
            let n = retryingOnInterrupt { buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
            if n > 0 {
                if fd == check.stdoutFD {
                    check.stdout += buffer[0..<min(n, max(0, CheckRunner.outputLimit - check.stdout.count))]
                } else {
                    check.stderr += buffer[0..<min(n, max(0, CheckRunner.outputLimit - check.stderr.count))]
                }
                continue
            }
            if n < 0 && errno == EAGAIN { return }
            loop.unregister(fd)
            close(fd)
            if fd == check.stdoutFD { check.stdoutFD = -1 } else { check.stderrFD = -1 }
            return
        }
    }

    /// The reaper found `pid`: if it is a check's helper, the check is over. Returns whether it was ours.
    func reaped(_ pid: pid_t, _ exit: ProcessExit) -> Bool {
        guard let check = execs.removeValue(forKey: pid) else { return false }
        // The helper reaped everything the command left, so its pipes hold all there is.
        for fd in [check.stdoutFD, check.stderrFD] where fd >= 0 { drain(check, fd: fd, maxReads: Int.max) }
        for fd in [check.stdoutFD, check.stderrFD] where fd >= 0 {
            loop.unregister(fd)
            close(fd)
        }
        if let timer = check.timer { loop.cancel(timer) }
        if check.cancelled { return true }
        if check.timedOut {
            onFinish(check.id, .timedOut)
            return true
        }
        onFinish(check.id, .exited(code: exit.exitCode, stdout: String(decoding: check.stdout, as: UTF8.self),
                                   stderr: String(decoding: check.stderr, as: UTF8.self)))
        return true
    }

    /// Ends every check of a container (it exited or is being killed): processes die, nothing is reported.
    func cancelAll(of ref: ContainerRef) {
        for (pid, check) in execs where check.id.container == ref {
            if let timer = check.timer { loop.cancel(timer) }
            check.timer = nil
            check.cancelled = true
            ProcessTree.killTree(pid)
            // Reaped later by the one reaper; its result is dropped because the lifecycle moved on.
        }
        for (id, net) in nets where id.container == ref {
            net.cancel()
            nets[id] = nil
        }
        for (id, check) in grpcs where id.container == ref {
            check.cancel()
            grpcs[id] = nil
        }
    }

    /// A check that cannot even start: reported as an error, from the loop, not from inside the caller.
    func failSoon(_ id: CheckID, _ message: String) { finishSoon(id, .error(message)) }

    private func finishSoon(_ id: CheckID, _ observation: CheckObservation) {
        loop.schedule(at: loop.now()) { [unowned self] in self.onFinish(id, observation) }
    }
}
