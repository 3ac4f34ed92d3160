// kubelet-lite — LabelSelectorTests.swift
// -l as kubectl reads it: equality- and set-based requirements, and its refusals.

import KubeletLitePresentation
import Testing

/// Label selectors parsed and matched.
@Suite struct LabelSelectorTests {
    static let web = ["app": "web", "tier": "front", "replicas": "3"]

    @Test(arguments: [
        ("", true), ("app=web", true), ("app==web", true), ("app!=web", false), ("app=db", false),
        ("app", true), ("!app", false), ("missing", false), ("!missing", true), ("missing!=x", true),
        ("app in (web,db)", true), ("app in (db)", false), ("app notin (db, cache)", true), ("missing notin (x)", true),
        ("app=web,tier=front", true), ("app=web, tier=back", false), ("replicas>2", true), ("replicas<3", false),
        ("app in(web)", true), (" app = web ", true),
    ])
    func requirementsSelectAsApimachineryDoes(_ text: String, _ selected: Bool) throws {
        #expect(try LabelSelector.parse(text).matches(Self.web) == selected, "\(text)")
    }

    @Test(arguments: ["app=", "app in (web", "app=web,", "=web", "app=-web", "app notin web", "replicas>x", "a b"])
    func malformedSelectorsAreRefused(_ text: String) {
        if text == "app=" {
            // An empty value is a value: `app=` selects the pods whose app label is empty.
            #expect((try? LabelSelector.parse(text))?.matches(["app": ""]) == true)
            return
        }
        let error = #expect(throws: LabelSelectorError.self) { try LabelSelector.parse(text) }
        #expect(error?.message.hasPrefix("unable to parse requirement: ") == true, "\(text): \(error?.message ?? "")")
    }
}
