// kubelet-lite — YAMLOptions.swift
// How plain scalars are resolved, how strict escapes are, and the limits that keep hostile input cheap.

/// Which rules turn plain scalars into booleans, numbers and nulls.
public enum YAMLSchema: Sendable, Equatable {
    /// What kubectl does: sigs.k8s.io/yaml over go-yaml v2, with YAML 1.1 habits
    /// (`yes`/`no`/`on`/`off` are booleans, `0644` is the octal 420, `1_000` is 1000, `<<` merges).
    case kubernetes
    /// The YAML 1.2 core schema (`true`/`false` only, `0o17` octal, no merge keys).
    case core12
}

/// The reader's settings; the defaults read Kubernetes manifests as kubectl does.
public struct YAMLOptions: Sendable, Equatable {
    public var schema: YAMLSchema
    /// Refuse escapes that YAML 1.2 does not define; go-yaml v2 also accepts `\'` in double quotes.
    public var strictEscapes: Bool
    /// The largest input accepted, in bytes (the manifest limit).
    public var maxBytes: Int
    /// The deepest nesting of collections accepted.
    public var maxDepth: Int
    /// Aliases may expand to at most max(`aliasBudgetFloor`, `aliasBudgetFactor` × written nodes) nodes.
    public var aliasBudgetFloor: Int
    public var aliasBudgetFactor: Int

    public init(schema: YAMLSchema = .kubernetes, strictEscapes: Bool? = nil, maxBytes: Int = 16 << 20,
                maxDepth: Int = 512, aliasBudgetFloor: Int = 100_000, aliasBudgetFactor: Int = 10) {
        self.schema = schema
        self.strictEscapes = strictEscapes ?? (schema == .core12)
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.aliasBudgetFloor = aliasBudgetFloor
        self.aliasBudgetFactor = aliasBudgetFactor
    }

    /// kubectl's reading: 1.1 resolution, lenient escapes.
    public static let kubernetes = YAMLOptions()
    /// The YAML 1.2 core schema with strict escapes (what the YAML test suite expects).
    public static let core12 = YAMLOptions(schema: .core12)
}
