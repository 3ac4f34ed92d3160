// kubelet-lite — ContainerLogPolicyTests.swift
// Log rotation decisions: sizes as quantities, when to rotate, names, pruning, kept instances
// (architecture §6.7).

import KubeletLiteLifecycle
import Testing

/// The pure rules of container log rotation and retention.
@Suite struct ContainerLogPolicyTests {
    static let sizes: [(String, Int64)] = [("10Mi", 10 << 20), ("1Mi", 1 << 20), ("500Ki", 500 * 1024),
                                           ("1G", 1_000_000_000), ("1048576", 1_048_576), ("1.5Ki", 1536), ("100m", 1)]

    @Test(arguments: sizes)
    func sizesAreKubernetesQuantities(text: String, bytes: Int64) {
        #expect(ContainerLogPolicy.size(text) == bytes)
    }

    @Test(arguments: ["0", "-1Mi", "ten", "", "10MB", "1 Mi"])
    func sizesThatAreRefused(text: String) {
        #expect(ContainerLogPolicy.size(text) == nil)
    }

    @Test func defaultsAreTheKubeletsAndFilesAreAtLeastTwo() {
        #expect(ContainerLogPolicy() == ContainerLogPolicy(maxSize: 10 << 20, maxFiles: 5))
        #expect(ContainerLogPolicy(maxSize: 1, maxFiles: 1).maxFiles == 2)
    }

    @Test func rotatesBeforeGrowingPastTheSizeButNeverAnEmptyFile() {
        let policy = ContainerLogPolicy(maxSize: 1000, maxFiles: 3)
        #expect(!policy.mustRotate(size: 0, incoming: 5000))
        #expect(!policy.mustRotate(size: 900, incoming: 100))
        #expect(policy.mustRotate(size: 900, incoming: 101))
    }

    @Test func rotatedNamesAreTheKubeletsLayoutWithNanosecondsAndSortInTimeOrder() {
        let t = Instant(micros: 1_764_680_645_123_456)  // 2025-12-02T13:04:05.123456Z
        #expect(ContainerLogPolicy.rotatedName("0.log", at: t) == "0.log.20251202-130405.123456000")
        let later = ContainerLogPolicy.rotatedName("0.log", at: Instant(micros: t.micros + 1))
        #expect(later > ContainerLogPolicy.rotatedName("0.log", at: t))
    }

    @Test func partsAreRotatedOldestFirstThenCurrentAndOnlyOfThatFile() {
        let names = ["1.log", "1.log.20250101-000002.0", "1.log.20250101-000001.0", "11.log", "0.log", "1.log.tmp"]
        #expect(ContainerLogPolicy.parts(of: "1.log", in: names)
                == ["1.log.20250101-000001.0", "1.log.20250101-000002.0", "1.log"])
    }

    @Test func excessKeepsTheNewestMaxFilesMinusOneRotated() {
        let policy = ContainerLogPolicy(maxSize: 1, maxFiles: 3)
        let names = ["0.log", "0.log.a1", "0.log.a2", "0.log.a3", "0.log.a4"]
        #expect(policy.excess(of: "0.log", in: names) == ["0.log.a1", "0.log.a2"])
        #expect(policy.excess(of: "0.log", in: ["0.log", "0.log.a1"]).isEmpty)
    }

    @Test func onlyTheCurrentAndPreviousInstancesStay() {
        let names = ["3.log", "3.log.x", "4.log", "5.log", "5.log.y", "notes", "6.log"]
        #expect(ContainerLogPolicy.obsolete(in: names, starting: 6) == ["3.log", "3.log.x", "4.log"])
        #expect(ContainerLogPolicy.obsolete(in: ["0.log"], starting: 1).isEmpty)
    }
}
