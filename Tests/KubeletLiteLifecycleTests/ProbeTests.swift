// kubelet-lite — ProbeTests.swift
// Probes with a fake clock: schedule, thresholds, gating, verdicts, events (spec §12, I.11).

import KubeletLiteLifecycle
import KubeletLiteModel
import Testing

@Suite struct ProbeTests {
    static func probed(liveness: Probe? = nil, readiness: Probe? = nil, startup: Probe? = nil,
                       policy: RestartPolicy = .always) -> Harness {
        var c = Harness.container("c")
        c.livenessProbe = liveness
        c.readinessProbe = readiness
        c.startupProbe = startup
        return Harness(Harness.pod([c], policy: policy))
    }

    static let cat = ProbeHandler.exec(command: ["cat", "/tmp/healthy"])
    static let fail = CheckObservation.exited(code: 1, stdout: "", stderr: "cat: can't open '/tmp/healthy': No such file or directory\n")
    static let ok = CheckObservation.exited(code: 0, stdout: "", stderr: "")

    /// The tutorial's liveness pod: first probe at 5 s, then every 5 s; three failures kill it.
    @Test func livenessFailuresPastTheThresholdKillAndRestart() {
        var h = ProbeTests.probed(liveness: Probe(handler: ProbeTests.cat, initialDelaySeconds: 5, periodSeconds: 5))
        h.start()
        h.advance(by: 4.9)
        #expect(h.checkCount("c", .probe(.liveness)) == 0)
        h.advance(by: 0.1)
        #expect(h.checkCount("c", .probe(.liveness)) == 1)
        h.answer("c", .probe(.liveness), ProbeTests.ok)
        for _ in 0..<2 {
            h.advance(by: 5)
            h.answer("c", .probe(.liveness), ProbeTests.fail)
        }
        #expect(h.events("Killing").isEmpty)
        h.advance(by: 5)
        h.answer("c", .probe(.liveness), ProbeTests.fail)
        let unhealthy = h.events("Unhealthy")
        #expect(unhealthy.last?.count == 3)
        #expect(unhealthy.last?.message == "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory")
        #expect(h.events("Killing").map(\.message) == ["Container c failed liveness probe, will be restarted"])
        #expect(h.signalsSent.map(\.0) == ["c"])
        h.exit("c", signal: 15)
        #expect(h.status("c").restartCount == 1, "the first restart is immediate")
        #expect(h.status("c").lastState?.exitCode == 143)
        // The new instance probes on its own schedule, from its own start.
        h.advance(by: 4.9)
        #expect(h.checkCount("c", .probe(.liveness)) == 4)
        h.advance(by: 0.1)
        #expect(h.checkCount("c", .probe(.liveness)) == 5)
    }

    @Test func underNeverTheKillMessageHasNoRestartSuffixAndNothingRestarts() {
        var h = ProbeTests.probed(liveness: Probe(handler: ProbeTests.cat, failureThreshold: 1), policy: .never)
        h.start()
        h.answer("c", .probe(.liveness), ProbeTests.fail)
        #expect(h.events("Killing").first?.message == "Container c failed liveness probe")
        h.exit("c", code: 0)
        #expect(h.status("c").restartCount == 0)
        #expect(h.phase == .succeeded, "exit 0 after the kill: scenario 45")
    }

    @Test func aProbeKillUsesTheProbesOwnGrace() {
        var h = ProbeTests.probed(liveness: Probe(handler: ProbeTests.cat, failureThreshold: 1, terminationGracePeriodSeconds: 5))
        h.start()
        h.answer("c", .probe(.liveness), ProbeTests.fail)
        h.advance(by: 4.99)
        #expect(h.kills.isEmpty)
        h.advance(by: 0.01)
        #expect(h.kills == ["c"])
    }

    @Test func runsNeverOverlap() {
        var h = ProbeTests.probed(liveness: Probe(handler: ProbeTests.cat, periodSeconds: 1))
        h.start()
        #expect(h.checkCount("c", .probe(.liveness)) == 1)
        h.advance(by: 3.5)  // three ticks pass while the first run is still out
        #expect(h.checkCount("c", .probe(.liveness)) == 1)
        h.answer("c", .probe(.liveness), ProbeTests.ok)
        h.advance(by: 0.5)  // the next tick on the grid (t = 4 s)
        #expect(h.checkCount("c", .probe(.liveness)) == 2)
    }

    @Test func startupGatesLivenessAndKillsOnItsThreshold() {
        var h = ProbeTests.probed(liveness: Probe(handler: .exec(command: ["true"]), failureThreshold: 1),
                                  startup: Probe(handler: .exec(command: ["false"]), periodSeconds: 10, failureThreshold: 3))
        h.autoAnswer = { id, _ in id.purpose == .probe(.startup) ? ProbeTests.fail : ProbeTests.ok }
        h.start()
        h.advance(by: 19)
        #expect(h.events("Killing").isEmpty)
        #expect(!h.status("c").started)
        h.advance(by: 1)
        #expect(h.events("Killing").first?.message == "Container c failed startup probe, will be restarted")
        #expect(h.checkCount("c", .probe(.liveness)) == 0, "no liveness probe before startup succeeds")
        #expect(h.events("Unhealthy").last?.count == 3)
    }

    @Test func readinessRunsAtOnceWhenStartupSucceeds() {
        var h = ProbeTests.probed(readiness: Probe(handler: ProbeTests.cat, periodSeconds: 30),
                                  startup: Probe(handler: ProbeTests.cat, periodSeconds: 5, failureThreshold: 120))
        h.start()
        #expect(h.checkCount("c", .probe(.readiness)) == 0)
        h.answer("c", .probe(.startup), ProbeTests.fail)
        h.advance(by: 5)
        h.answer("c", .probe(.startup), ProbeTests.ok)
        #expect(h.status("c").started)
        #expect(h.checkCount("c", .probe(.readiness)) == 1, "readiness is triggered, not left for its 30 s period")
        #expect(!h.status("c").ready)
        h.answer("c", .probe(.readiness), ProbeTests.ok)
        #expect(h.status("c").ready)
        #expect(h.condition("Ready")?.status == true)
    }

    @Test func readinessKeepsProbingDuringTerminationLivenessStops() {
        var h = ProbeTests.probed(liveness: Probe(handler: ProbeTests.cat, periodSeconds: 2),
                                  readiness: Probe(handler: ProbeTests.cat, periodSeconds: 2, failureThreshold: 1))
        h.autoAnswer = { _, _ in ProbeTests.ok }
        h.start()
        #expect(h.status("c").ready)
        h.feed(.terminate(gracePeriod: nil))
        let liveness = h.checkCount("c", .probe(.liveness))
        h.autoAnswer = { _, _ in ProbeTests.fail }
        h.advance(by: 2)
        #expect(h.checkCount("c", .probe(.liveness)) == liveness)
        #expect(!h.status("c").ready, "readiness turned false while terminating")
        #expect(h.condition("Ready")?.message == "containers with unready status: [c]")
    }

    @Test func errorsAreReportedAsUnknownAndDiscarded() {
        var h = ProbeTests.probed(liveness: Probe(handler: ProbeTests.cat, periodSeconds: 1, failureThreshold: 2))
        h.start()
        h.answer("c", .probe(.liveness), ProbeTests.fail)
        h.advance(by: 1)
        h.answer("c", .probe(.liveness), .error("cannot start the command"))
        #expect(h.events("Unhealthy").last?.message == "Liveness probe errored and resulted in unknown state: cannot start the command")
        #expect(h.events("Killing").isEmpty)
        h.advance(by: 1)
        h.answer("c", .probe(.liveness), ProbeTests.fail)
        #expect(h.events("Killing").count == 1, "the error did not reset the failure count")
    }

    @Test func execTimeoutMessage() {
        var h = ProbeTests.probed(readiness: Probe(handler: .exec(command: ["/bin/sh", "-c", "sleep 10"])))
        h.start()
        h.answer("c", .probe(.readiness), .timedOut)
        #expect(h.events("Unhealthy").first?.message == "Readiness probe failed: command \"/bin/sh -c sleep 10\" timed out")
        #expect(h.status("c").restartCount == 0)
    }

    @Test func httpResults() {
        let get = ProbeHandler.httpGet(HTTPGetAction(path: "/healthz", port: .string("web")))
        var c = Harness.container("c")
        c.ports = [ContainerPort(name: "web", containerPort: 8080)]
        c.readinessProbe = Probe(handler: get, periodSeconds: 1, failureThreshold: 1)
        var h = Harness(Harness.pod([c]))
        h.start()
        guard case .http(let check)? = h.inFlight.values.first else {
            Issue.record("no HTTP check")
            return
        }
        #expect(check.port == 8080)
        #expect(check.host == "127.0.0.1")
        #expect(check.userAgent == "kube-probe/1.35")
        #expect(check.url == "http://127.0.0.1:8080/healthz")
        h.answer("c", .probe(.readiness), .response(status: 500, body: "boom"))
        #expect(h.events("Unhealthy").last?.message == "Readiness probe failed: HTTP probe failed with statuscode: 500")
        h.advance(by: 1)
        h.answer("c", .probe(.readiness), .redirectNotFollowed(status: 302, body: "<a href=\"http://x/\">Found</a>."))
        #expect(h.events("ProbeWarning").first?.message == "Readiness probe warning: Probe terminated redirects, Response body: <a href=\"http://x/\">Found</a>.")
        #expect(h.status("c").ready)
    }

    @Test func unknownNamedPortIsAnError() {
        var c = Harness.container("c")
        c.livenessProbe = Probe(handler: .tcpSocket(port: .string("nope"), host: nil))
        var h = Harness(Harness.pod([c]))
        h.start()
        let messages = h.events("Unhealthy").map(\.message)
        #expect(messages.contains("Liveness probe errored and resulted in unknown state: port nope not found"))
        #expect(h.events("Killing").isEmpty)
    }

    /// lifecycle §12.4: a gRPC probe asks the pod IP for `service` ("" by default); SERVING is success,
    /// anything else a failure (never Unknown), with the kubelet's text as output.
    @Test func grpcProbeIsAHealthCheckOfThePodIP() {
        var c = Harness.container("c")
        c.readinessProbe = Probe(handler: .grpc(port: 9000, service: nil), periodSeconds: 1)
        var h = Harness(Harness.pod([c]))
        h.start()
        #expect(h.inFlight.values.first == .grpc(host: "127.0.0.1", port: 9000, service: ""))
        h.answer("c", .probe(.readiness), .grpc(serving: false, message: "service unhealthy (responded with \"NOT_SERVING\")"))
        #expect(h.events("Unhealthy").last?.message == "Readiness probe failed: service unhealthy (responded with \"NOT_SERVING\")")
        #expect(!h.status("c").ready)
        h.advance(by: 1)
        h.answer("c", .probe(.readiness), .grpc(serving: true, message: "service healthy"))
        #expect(h.status("c").ready)
        #expect(h.events("Unhealthy").count == 1)
    }

    /// Spec §11.2: a probe kill's restart is gated by the exit *before* the killed instance, so early
    /// liveness restarts are immediate and CrashLoopBackOff comes only once the back-off outgrows a life.
    @Test func livenessRestartsAreGatedByThePreviousExit() {
        var c = Harness.container("c")
        c.livenessProbe = Probe(handler: ProbeTests.cat, initialDelaySeconds: 2, periodSeconds: 1, failureThreshold: 1)
        var h = Harness(Harness.pod([c]), backoff: BackoffPolicy(initial: .seconds(1), max: .seconds(4)))
        h.autoAnswer = { _, _ in ProbeTests.fail }
        h.start()
        var restartDelays: [Int64] = []
        for _ in 0..<5 {
            let starts = h.starts.count
            while h.kills.count + h.signalsSent.count == 0 || h.events("Killing").count < restartDelays.count + 1 {
                h.advance(by: 0.25)
            }
            h.exit("c", signal: 15)
            let exited = h.now
            while h.starts.count == starts { h.advance(by: 0.25) }
            restartDelays.append((h.startTimes["c"]!.last! - exited).value / 250_000)  // quarter seconds
        }
        // Each instance lives 2 s (initial delay) before its kill: the 1 s and 2 s back-offs never
        // bite; the 4 s one (after the 4th start) leaves 2 s to wait.
        #expect(restartDelays == [0, 0, 0, 0, 8])
    }
}
