// kubelet-lite — TimerTableTests.swift
// The lifecycle's timer table against a plain reference: same earliest timer after any sequence.

@testable import KubeletLiteLifecycle
import Testing

@Suite struct TimerTableTests {
    static let refs = (0..<6).map { ContainerRef(isInit: $0 < 2, index: $0 < 2 ? $0 : $0 - 2, name: "c\($0)") }

    static func key(_ n: Int) -> TimerKey {
        let ref = refs[n % refs.count]
        switch (n / refs.count) % 5 {
        case 0: return .backoff(ref)
        case 1: return .killDeadline(ref)
        case 2: return .probe(ref, [.startup, .liveness, .readiness][n % 3])
        case 3: return .preStopBound(ref)
        default: return .activeDeadline
        }
    }

    /// The reference answer: the minimum by (deadline, key), found by scanning everything.
    static func reference(_ all: [TimerKey: Instant]) -> (TimerKey, Instant)? {
        all.min { $0.value == $1.value ? $0.key < $1.key : $0.value < $1.value }.map { ($0.key, $0.value) }
    }

    @Test func agreesWithAFullScanAfterRandomSetsAndClears() {
        var table = TimerTable()
        var reference: [TimerKey: Instant] = [:]
        var rng = SplitMix(seed: 42)
        for _ in 0..<20_000 {
            let key = Self.key(Int(rng.next() % 30))
            if rng.next() % 4 == 0 {
                table[key] = nil
                reference[key] = nil
            } else {
                // Few distinct deadlines, so that ties are common.
                let at = Instant.seconds(Int64(rng.next() % 8))
                table[key] = at
                reference[key] = at
            }
            let expected = Self.reference(reference)
            #expect(table.earliest?.key == expected?.0)
            #expect(table.earliest?.deadline == expected?.1)
        }
    }

    @Test func tiesBreakByKindThenSpecOrder() {
        var table = TimerTable()
        let at = Instant.seconds(5)
        table[.probe(Self.refs[0], .readiness)] = at
        table[.backoff(Self.refs[3])] = at
        table[.killDeadline(Self.refs[4])] = at
        table[.killDeadline(Self.refs[1])] = at
        var order: [TimerKey] = []
        while let next = table.earliest {
            order.append(next.key)
            table[next.key] = nil
        }
        #expect(order == [.killDeadline(Self.refs[1]), .killDeadline(Self.refs[4]), .backoff(Self.refs[3]),
                          .probe(Self.refs[0], .readiness)])
    }
}

/// A small deterministic generator, so the random sequence is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
