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
        do throws(SystemError) {
            try StateDirectory.makeDirectories(podDir + "/termination")
        } catch {
            return nil
        }
        // Any user the container runs as may write its message.
        let fd = retryingOnInterrupt { open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o666) }
        guard fd >= 0 else { return nil }
        fchmod(fd, 0o666)
        close(fd)
        return file
    }

    /// The host file that holds a container's message, if kubelet-lite may read one.
    func messagePath(_ container: Container) -> String {
        messageFile(container) ?? container.terminationMessagePath
    }

    private func messageFile(_ container: Container) -> String? {
        guard shape.mode == .namespaces, container.terminationMessagePath == Container.defaultTerminationMessagePath
        else { return nil }
        return podDir + "/termination/" + container.name
    }
}
