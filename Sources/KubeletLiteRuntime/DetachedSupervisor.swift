// kubelet-lite — DetachedSupervisor.swift
// `apply --detach`: the supervisor in the background, in a session of its own (architecture §6.8).

import CKubeletLiteShims
import Glibc
import KubeletLiteModel

/// Starts a pod's supervisor as a background process and answers once that process has taken the
/// pod (its lock held, its directory claimed, its first pod.json written) or has refused it. The answer comes through a pipe:
/// the parent blocks reading it, so it neither polls nor guesses; a child that dies before
/// answering closes the pipe, which reads as end of file.
public enum DetachedSupervisor {
    /// Forks the supervisor (the CLI is one thread here, with the supervisor's signals blocked,
    /// architecture §8.4): the child leaves the terminal's session (`setsid`), puts /dev/null on
    /// its standard input, output and error, takes the pod, says so, and runs it to its end.
    public static func launch(pod: Pod, options: SupervisorOptions) -> Result<pid_t, SupervisorStartError> {
        var fds: [Int32] = [-1, -1]
        guard kl_pipe_cloexec(&fds, 0) == 0 else {
            return .failure(SupervisorStartError(outcome: .failed(SystemError("pipe").description)))
        }
        let pid = fork()
        if pid < 0 {
            let failure = SystemError("fork").description
            close(fds[0])
            close(fds[1])
            return .failure(SupervisorStartError(outcome: .failed(failure)))
        }
        if pid == 0 {
            close(fds[0])
            runChild(pod: pod, options: options, report: fds[1])
        }
        close(fds[1])
        let answer = String(decoding: readAll(fds[0], limit: 64 * 1024), as: UTF8.self)
        close(fds[0])
        return decode(answer, pid: pid)
    }

    /// `ok`, or the exit status and the refusal's message, as the child wrote them.
    static func decode(_ answer: String, pid: pid_t) -> Result<pid_t, SupervisorStartError> {
        if answer == "ok" { return .success(pid) }
        guard let newline = answer.firstIndex(of: "\n"), let code = Int32(answer[..<newline]) else {
            return .failure(SupervisorStartError(outcome: .failed(
                "kubelet-lite: the background supervisor (pid \(pid)) ended before it took the pod")))
        }
        let message = String(answer[answer.index(after: newline)...])
        return .failure(SupervisorStartError(outcome: code == ExitStatus.refused.rawValue ? .refused(message)
                                                                                         : .failed(message)))
    }

    private static func runChild(pod: Pod, options: SupervisorOptions, report: Int32) -> Never {
        _ = setsid()
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        if null >= 0 {
            for target in Int32(0)...2 { dup2(null, target) }
            if null > 2 { close(null) }
        }
        var options = options
        options.quiet = true  // nobody reads the echo: the container output is in the pod's logs
        do throws(SupervisorStartError) {
            let supervisor = try PodSupervisor(pod: pod, options: options)
            // The answer comes once pod.json exists, as a pod exists in the API once kubectl
            // apply has returned; a supervisor that fails before that answers with its failure.
            var answered = false
            supervisor.files.status.onFirstWrite = {
                _ = writeAll(report, "ok")
                close(report)
                answered = true
            }
            let outcome = supervisor.run()
            if !answered {
                _ = writeAll(report, "\(outcome.exitStatus.rawValue)\n" + outcome.summary(pod: pod))
                close(report)
            }
            exit(outcome.exitStatus.rawValue)
        } catch {
            let status = error.outcome.exitStatus.rawValue
            _ = writeAll(report, "\(status)\n" + error.outcome.summary(pod: pod))
            close(report)
            exit(status)
        }
    }
}
