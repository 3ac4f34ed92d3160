// kubelet-lite — ExpansionTests.swift
// The `$(VAR)` rules of spec §13.3, one by one.

import KubeletLiteModel
import Testing

/// The expansion rules and the e2e examples of spec §13.3.
@Suite("$(VAR) expansion")
struct ExpansionTests {
    static let vars = ["VAR_A": "A", "VAR_B": "B", "VAR_REF": "$(VAR_A)", "EMPTY": ""]

    @Test("rule", arguments: [
        ("$(VAR_A)", "A"),                        // defined → value
        ("___$(VAR_B)___", "___B___"),
        ("$(VAR_A)-$(VAR_A)", "A-A"),
        ("$(VAR_A)$(VAR_B)", "AB"),
        ("$(EMPTY)x", "x"),                       // defined as empty → empty
        ("$(VAR_DNE)", "$(VAR_DNE)"),             // undefined → verbatim
        ("x$(VAR_DNE)y$(VAR_A)", "x$(VAR_DNE)yA"),
        ("$$", "$"),                              // escaped operator
        ("$$(VAR_A)", "$(VAR_A)"),                // escaped reference
        ("$$$(VAR_A)", "$A"),
        ("$$$$(VAR_A)", "$$(VAR_A)"),
        ("$(VAR_A", "$(VAR_A"),                   // unterminated → verbatim
        ("$(", "$("),
        ("$(A $$", "$(A $"),                      // scanning goes on after an unterminated "$("
        ("$(VAR_A $(VAR_B)", "$(VAR_A $(VAR_B)"), // the name runs to the first ')'
        ("$VAR_A", "$VAR_A"),                     // '$' before anything else stays
        ("${VAR_A}", "${VAR_A}"),
        ("$", "$"),                               // a trailing '$' stays
        ("foo$", "foo$"),
        ("$()", "$()"),                           // the empty name is undefined
        ("$(VAR_REF)", "$(VAR_A)"),               // no recursion
        ("ünï$(VAR_A)cødé$é", "ünïAcødé$é"),      // UTF-8 passes through
        ("", ""),
        ("no references", "no references"),
    ])
    func rule(input: String, expected: String) {
        #expect(Expansion.expand(input) { Self.vars[$0] } == expected)
    }

    @Test("e2e: FOOBAR=$(FOO);;$(BAR)")
    func e2eChain() {
        let env = [EnvVar(name: "FOO", value: "foo-value"), EnvVar(name: "BAR", value: "bar-value"),
                   EnvVar(name: "FOOBAR", value: "$(FOO);;$(BAR)")]
        let (pod, container) = EnvironmentTests.makePod(env: env)
        let built = ContainerEnvironment.build(for: container, in: pod, facts: EnvironmentTests.facts, home: "/")
        #expect(built.last?.name == "FOOBAR")
        #expect(built.last?.value == "foo-value;;bar-value")
    }

    @Test("e2e: the kubelet substitutes before the shell runs, in command and in args")
    func e2eShell() {
        let env = [EnvVar(name: "TEST_VAR", value: "test-value")]
        var (pod, container) = EnvironmentTests.makePod(env: env)
        container.command = ["sh", "-c", #"TEST_VAR=wrong echo "$(TEST_VAR)""#]
        let built = ContainerEnvironment.build(for: container, in: pod, facts: EnvironmentTests.facts, home: "/")
        #expect(ContainerEnvironment.expandedArgv(for: container, environment: built)
                    == ["sh", "-c", #"TEST_VAR=wrong echo "test-value""#])
        container.command = nil
        container.args = ["sh", "-c", #"TEST_VAR=wrong echo "$(TEST_VAR)""#]
        #expect(ContainerEnvironment.expandedArgv(for: container, environment: built)
                    == ["sh", "-c", #"TEST_VAR=wrong echo "test-value""#])
    }
}
