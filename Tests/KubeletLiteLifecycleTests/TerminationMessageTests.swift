// kubelet-lite — TerminationMessageTests.swift
// Which text becomes `state.terminated.message` (spec §3.4).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct TerminationMessageTests {
    static func run(_ policy: TerminationMessagePolicy, exit code: Int32, file: String?, logs: String?) -> String? {
        var c = Harness.container("c")
        c.terminationMessagePolicy = policy
        var h = Harness(Harness.pod([c], policy: .never))
        h.start()
        h.feed(.containerExited(h.ref("c"), exitCode: code, signal: nil,
                                output: ExitOutput(messageFile: file, logTail: logs)))
        return h.status("c").state.terminated?.message
    }

    @Test func theFileWins() {
        #expect(Self.run(.file, exit: 0, file: "DONE", logs: "x") == "DONE")
        #expect(Self.run(.fallbackToLogsOnError, exit: 0, file: "OK", logs: "DONE") == "OK")
        #expect(Self.run(.fallbackToLogsOnError, exit: 1, file: "OK", logs: "DONE") == "OK")
    }

    @Test func logsOnlyForAFailureUnderFallback() {
        #expect(Self.run(.fallbackToLogsOnError, exit: 1, file: nil, logs: "DONE") == "DONE")
        #expect(Self.run(.fallbackToLogsOnError, exit: 1, file: "", logs: "DONE") == "DONE")
        #expect(Self.run(.fallbackToLogsOnError, exit: 0, file: nil, logs: "DONE") == nil)
        #expect(Self.run(.file, exit: 1, file: nil, logs: "DONE") == nil)
    }

    /// The runtime reads a log only where it can become the message: an ordinary exit reads none.
    @Test func theLogIsReadOnlyWhereItCanBecomeTheMessage() {
        var c = Harness.container("c")
        #expect(!TerminationMessageRule.needsLogTail(c, exitCode: 1))
        c.terminationMessagePolicy = .fallbackToLogsOnError
        #expect(!TerminationMessageRule.needsLogTail(c, exitCode: 0))
        #expect(TerminationMessageRule.needsLogTail(c, exitCode: 137))
    }
}
