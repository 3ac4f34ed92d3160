// kubelet-lite — Terminal.swift
// The supervisor's own stdout and stderr, never blocking the loop, and its diagnostics.

import KubeletLiteLifecycle

/// Our two output streams: events and container echo on stdout, diagnostics on stderr.
final class Terminal {
    let stdout: TerminalOutput
    let stderr: TerminalOutput

    init(loop: EventLoop) {
        stdout = TerminalOutput(fd: 1, loop: loop)
        stderr = TerminalOutput(fd: 2, loop: loop)
    }

    /// A `kubelet-lite: ...` line on stderr.
    func diagnostic(_ text: String) {
        stderr.write("kubelet-lite: \(text)\n")
    }

    /// The last flush before exit.
    func finish() {
        stdout.finish()
        stderr.finish()
    }
}
