// kubelet-lite — YAMLFuzzTests.swift
// Truncated and mutated inputs from the YAML test suite: every one is read or refused, never a crash.

import KubeletLiteYAML
import Testing

/// A small deterministic generator, so a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations of real inputs must never crash or hang the reader.
@Suite("YAML fuzz")
struct YAMLFuzzTests {
    static let interesting: [UInt8] = Array(":-?[]{},#&*!|>'\"%@` \t\n\\0.~".utf8) + [0xC3, 0xA9, 0x80]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        guard !input.isEmpty else { return interesting.shuffled(using: &rng) }
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0..<max(bytes.count, 1), using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: bytes = Array(bytes.prefix(at))
            case 1 where at < bytes.count: bytes[at] = interesting.randomElement(using: &rng) ?? 0x20
            case 2: bytes.insert(interesting.randomElement(using: &rng) ?? 0x20, at: min(at, bytes.count))
            case 3 where at < bytes.count: bytes.remove(at: at)
            default: bytes.insert(contentsOf: bytes.prefix(at).suffix(8), at: min(at, bytes.count))
            }
        }
        return bytes
    }

    @Test("a few thousand mutated suite inputs are read or refused, both schemas", .timeLimit(.minutes(2)))
    func mutations() throws {
        guard let root = SuiteFiles.root() else {
            print("yaml-test-suite: data not found; fuzzing skipped")
            return
        }
        var rng = SplitMix64(state: 0x6B75_6265)
        var refused = 0
        var total = 0
        for c in SuiteFiles.cases(under: root) {
            for _ in 0..<8 {
                let input = YAMLFuzzTests.mutate(c.input, &rng)
                for options in [YAMLOptions.kubernetes, .core12] {
                    total += 1
                    do { _ = try YAMLReader.read(input, options: options) } catch { refused += 1 }
                }
            }
        }
        print("yaml fuzz: \(total) mutated inputs, \(refused) refused, none crashed")
        #expect(total > 3000)
    }
}
