// kubelet-lite — SandboxTests.swift
// The pause process dies: "sandbox changed" (decision I.7, spec §5, scenario 60).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct SandboxTests {
    var recreations: (Harness) -> Int = { h in h.log.filter { $0 == .recreateSandbox }.count }

    @Test func aLostSandboxKillsEverythingThenReRunsInitialisationInOrder() {
        var h = Harness(Harness.pod([Harness.container("regular-1")],
                                    initContainers: [Harness.container("init-1"), SidecarTests.sidecar("restartable-init-2"),
                                                     Harness.container("init-3")]))
        h.start()
        h.exit("init-1")
        h.exit("init-3")
        #expect(h.starts == ["init-1", "restartable-init-2", "init-3", "regular-1"])
        h.advance(by: 30)
        h.feed(.sandboxLost)
        #expect(h.events("SandboxChanged").first?.message == "Pod sandbox changed, it will be killed and re-created.")
        #expect(Set(h.signalsSent.map(\.0)) == ["restartable-init-2", "regular-1"])
        #expect(h.condition("PodReadyToStartContainers")?.status == false)
        h.exit("regular-1", signal: 15)
        #expect(recreations(h) == 0, "no new sandbox while a container of the old one runs")
        h.exit("restartable-init-2", signal: 15)
        #expect(recreations(h) == 1)
        let before = h.starts.count
        h.feed(.sandboxRecreated)
        #expect(Array(h.starts.dropFirst(before)) == ["init-1"], "initialisation starts over, from the first")
        h.exit("init-1")
        h.exit("init-3")
        #expect(Array(h.starts.dropFirst(before)) == ["init-1", "restartable-init-2", "init-3", "regular-1"])
        #expect(h.status("regular-1").restartCount == 1)
        #expect(h.status("init-1").restartCount == 1)
        #expect(h.phase == .running)
    }

    @Test func underNeverALostSandboxFailsThePod() {
        var h = Harness(Harness.pod([Harness.container("c")], policy: .never))
        h.start()
        h.feed(.sandboxLost)
        #expect(h.phase == .failed)
        h.exit("c", signal: 15)
        #expect(h.finishedPhase == .failed)
        #expect(recreations(h) == 0)
    }
}
