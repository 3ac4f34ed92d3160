// kubelet-lite — PodSupervisor+Actions.swift
// Carrying out what the lifecycle decides, one action after another.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

extension PodSupervisor {
    /// Executes actions in order; an answer (a failed start) may bring more actions.
    func apply(_ first: [PodAction]) {
        // Stop signals go out before anything of the batch is printed or written: what a
        // container waits for comes first (architecture §4.2).
        for case .signal(let ref, let signal) in first { processes.signal(ref, signal) }
        var queue = first
        var next = 0
        while next < queue.count {
            let action = queue[next]
            next += 1
            switch action {
            case .signal where next <= first.count:
                continue
            case .startContainer(let ref, let restartCount):
                // A launch is answered later, once its command runs (ContainerProcesses.onStartAnswer);
                // a failed one in the next iteration, so that a restart with no back-off never loops
                // inside this one ahead of signals and the control socket (architecture §4.2).
                if let failure = startContainer(ref, restartCount: restartCount) {
                    context.loop.soon { [unowned self] in self.apply(self.driver.handle(failure)) }
                }
            case .signal(let ref, let signal):
                processes.signal(ref, signal)
            case .killContainer(let ref):
                // The command first, by its pidfd: one system call, where cgroup.kill opens a file
                // and the tree walk reads /proc (0.1-0.2 ms before its first kill).
                processes.signal(ref, .kill)
                sandbox.cgroups?.kill(ref.name)
                processes.kill(ref)
                checks.cancelAll(of: ref)
            case .runCheck(let id, let request, let timeout):
                runCheck(id, request, timeout: timeout)
            case .recreateSandbox:
                queue.append(contentsOf: recreateSandbox())
            case .event(let event):
                files.journal.record(event, of: incarnation)
            case .finished(let phase):
                podFinished(phase)
            }
        }
    }

    private func startContainer(_ ref: ContainerRef, restartCount: Int) -> PodInput? {
        let spec = incarnation.spec(of: ref)
        let cgroups = sandbox.cgroups?.prepareContainer(ref.name, CgroupLimits.container(spec)) ?? []
        let messageFile = sandbox.prepareMessageFile(spec)
        let namespaces = sandbox.shape.containerOptions(pause: sandbox.pid, messageFile: messageFile,
                                                        workingDir: spec.workingDir ?? "/")
        let context = incarnation.context(of: ref, processGroup: sandbox.pid, cgroups: cgroups, namespaces: namespaces)
        let environment = (try? context.get())?.environment ?? []
        return processes.start(ref, restartCount: restartCount,
                               argv: ContainerEnvironment.expandedArgv(for: spec, environment: environment),
                               context: context)
    }

    private func runCheck(_ id: CheckID, _ request: CheckRequest, timeout: Micros?) {
        let cgroups = sandbox.cgroups?.joinFiles(id.container.name) ?? []
        let namespaces = sandbox.shape.checkOptions(pause: sandbox.pid, helper: processes.helper(of: id.container) ?? 0,
                                                    workingDir: incarnation.spec(of: id.container).workingDir ?? "/")
        switch incarnation.context(of: id.container, processGroup: sandbox.pid, cgroups: cgroups, namespaces: namespaces) {
        case .success(let context):
            checks.run(id, request, timeout: timeout, context: context)
        case .failure(let e):
            checks.failSoon(id, e.message)
        }
    }

    private func recreateSandbox() -> [PodAction] {
        do throws(SystemError) {
            try sandbox.start(supervisor: getpid())
            return driver.handle(.sandboxRecreated)
        } catch {
            progress.fail(error, "cannot re-create the pod's sandbox: ")
            self.context.diagnostic(progress.failure!)
            return driver.handle(.forceTerminate)
        }
    }

    private func podFinished(_ phase: PodPhase) {
        if let next = progress.pendingPod {
            progress.pendingPod = nil
            replacePod(with: next)
        } else {
            progress.outcome = driver.machine.isStopRequested ? .stopped(phase) : .completed(phase)
            context.loop.stop()
        }
    }
}
