// kubelet-lite — RangeTests.swift
// Numbers the API server bounds: user and group ids, and durations it accepts however large.

import KubeletLiteModel
import Testing

@Suite struct RangeTests {
    static func pod(spec: String = "", container: String = "") -> String {
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{\(spec)
          "containers":[{"name":"c","image":"busybox","command":["true"]\(container)}]}}
        """
    }

    func errors(_ json: String) -> [String] {
        guard case .invalid(_, let errors)? = ManifestLoader.load(json, source: "p.json").failure else { return [] }
        return errors.map(\.description)
    }

    @Test func idsAboveTheInt32RangeAreRefusedAsTheAPIServerDoes() {
        let found = errors(Self.pod(spec: #""securityContext":{"runAsUser":2147483648,"fsGroup":-1,"supplementalGroups":[5,2147483648]},"#,
                                    container: #","securityContext":{"runAsGroup":2147483648}"#))
        #expect(found.contains("spec.securityContext.runAsUser: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive"))
        #expect(found.contains("spec.securityContext.fsGroup: Invalid value: -1: must be between 0 and 2147483647, inclusive"))
        #expect(found.contains("spec.securityContext.supplementalGroups[1]: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive"))
        #expect(found.contains("spec.containers[0].securityContext.runAsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive"))
        #expect(found.count == 4, "\(found)")
    }

    @Test func theLargestIdsAreAccepted() {
        let result = ManifestLoader.load(Self.pod(container: #","securityContext":{"runAsUser":2147483647,"runAsGroup":0}"#),
                                         source: "p.json")
        #expect(result.pod?.spec.containers.first?.runAsUser == 2_147_483_647)
    }

    @Test func aGraceOfTwoToTheSixtyThirdIsAcceptedAsTheAPIServerAcceptsIt() {
        let result = ManifestLoader.load(Self.pod(spec: #""terminationGracePeriodSeconds":9223372036854775807,"#), source: "p.json")
        #expect(result.pod?.spec.terminationGracePeriodSeconds == Int64.max)
    }

    @Test func activeDeadlineAndProbeFieldsKeepTheirRanges() {
        #expect(errors(Self.pod(spec: #""activeDeadlineSeconds":2147483648,"#)).contains {
            $0.hasPrefix("spec.activeDeadlineSeconds: Invalid value: 2147483648")
        })
        // Probe fields are int32: a larger number is a decoding error, as Go's is.
        let result = ManifestLoader.load(Self.pod(container: #","livenessProbe":{"exec":{"command":["true"]},"periodSeconds":2147483648}"#),
                                         source: "p.json")
        #expect(result.pod == nil)
        #expect(result.failure?.message.contains("cannot unmarshal number 2147483648") == true, "\(result.failure?.message ?? "")")
    }
}
