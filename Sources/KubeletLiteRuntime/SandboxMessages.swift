// kubelet-lite — SandboxMessages.swift
// Termination-message files per sandbox mode (lifecycle §D5).

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

extension Sandbox {
    /// In the namespaces mode, the host file mounted at a container's /dev/termination-log, emptied
    /// for each new instance; nil in the process mode or for any other path (a host path then).
    func prepareMessageFile(_ container: Container) -> String? {
        guard let file = messageFile(container) else {
            TerminationMessage.prepare(container.terminationMessagePath)
            return nil
        }
        do throws(StateDirectoryError) {
            let dir = try podDir.directory("termination", create: true)
            // Any user the container runs as may write its message (it reaches the file only
            // through the mount, never through our 0700 directories).
            let fd = try dir.openFile(container.name, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o666)
            fchmod(fd, 0o666)
            close(fd)
            return file
        } catch {
            return nil
        }
    }

    /// What a container's exit left to explain it: its termination message (and its log's tail
    /// where the rule can use it), and whether the OOM killer ended it (lifecycle §3.4, §3.2).
    func exitOutput(_ spec: Container, exitCode: Int32, logPath: () -> String?) -> ExitOutput {
        var output = TerminationMessage.read(spec, exitCode: exitCode, messagePath: messagePath(spec), logPath: logPath)
        output.oomKilled = cgroups?.oomKilledSinceStart(spec.name) ?? false
        return output
    }

    /// The host file that holds a container's message, if kubelet-lite may read one.
    func messagePath(_ container: Container) -> String {
        messageFile(container) ?? container.terminationMessagePath
    }

    private func messageFile(_ container: Container) -> String? {
        guard shape.mode == .namespaces, container.terminationMessagePath == Container.defaultTerminationMessagePath
        else { return nil }
        return podDir.path + "/termination/" + container.name
    }
}
