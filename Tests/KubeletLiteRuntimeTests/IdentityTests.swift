// kubelet-lite — IdentityTests.swift
// The facts the runtime publishes about the pod: its UID in the API server's format.

@testable import KubeletLiteRuntime
import Testing

@Suite struct IdentityTests {
    @Test func aNewUIDIsARandomVersion4UUIDInLowerCaseHex() {
        let uids = (0..<64).map { _ in Identity.newUID() }
        #expect(Set(uids).count == uids.count)
        for uid in uids {
            let groups = uid.split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.map(\.count) == [8, 4, 4, 4, 12], "\(uid)")
            #expect(uid.allSatisfy { "0123456789abcdef-".contains($0) }, "\(uid)")
            #expect(groups[2].first == "4", "version 4: \(uid)")
            #expect("89ab".contains(groups[3].first ?? "x"), "RFC 4122 variant: \(uid)")
        }
    }
}
