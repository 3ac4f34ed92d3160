// kubelet-lite — WaitConditionTests.swift
// `wait --for` and `--timeout` as kubectl reads them, checked on pod documents (architecture §6.8).

import KubeletLiteModel
import KubeletLitePresentation
import Testing

/// The pure parts of `wait`: conditions, the JSONPath subset, Go durations.
@Suite struct WaitConditionTests {
    static let pod = try! JSONParser.parse("""
        {"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"},
          {"type": "ContainersReady", "status": "False"}],
          "containerStatuses": [{"name": "c", "ready": true, "restartCount": 2}]}}
        """)

    static let cases: [(String, Bool)] = [
        ("condition=Ready", true), ("condition=ready", true), ("condition=Ready=true", true),
        ("condition=Ready=false", false), ("condition=ContainersReady", false), ("condition=ContainersReady=False", true),
        ("condition=Initialized", false), ("jsonpath={.status.phase}=Running", true),
        ("jsonpath={.status.phase}=Succeeded", false), ("jsonpath={.status.containerStatuses[0].ready}=true", true),
        ("jsonpath={.status.containerStatuses[0].restartCount}=2", true), ("jsonpath={.status.containerStatuses[1].ready}=true", false),
        ("jsonpath={.status.phase}", true), ("jsonpath={.status.nominatedNodeName}", false),
        ("jsonpath=.status.phase=Running", true), ("jsonpath={$.status.phase}=Running", true), ("delete", false),
    ]

    @Test(arguments: cases)
    func conditionsOnAPod(text: String, met: Bool) throws {
        let condition = try WaitCondition.parse(text).get()
        #expect(condition.isMet(by: Self.pod) == met)
    }

    @Test(arguments: ["condition=", "ready", "jsonpath={.items[*].x}", "jsonpath={.status.phase", "jsonpath={..x}",
                      "jsonpath={.a}x", "jsonpath={.status[-1]}"])
    func refused(text: String) {
        #expect(throws: WaitConditionError.self) { try WaitCondition.parse(text).get() }
    }

    static let durations: [(String, Int64)] = [("30s", 30_000_000), ("1m30s", 90_000_000), ("500ms", 500_000),
                                               ("1.5h", 5_400_000_000), ("0", 0), ("-1s", -1_000_000), ("2us", 2),
                                               ("1h2m3s4ms", 3_723_004_000)]

    @Test(arguments: durations)
    func goDurations(text: String, micros: Int64) {
        #expect(GoDurationText.parse(text) == micros)
    }

    @Test(arguments: ["30", "", "s", "1x", "1.2.3s", "--1s"])
    func notGoDurations(text: String) {
        #expect(GoDurationText.parse(text) == nil)
    }
}
