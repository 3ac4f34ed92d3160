// kubelet-lite — ManifestLoader.swift
// The manifest's way in: parse (JSON or YAML), check kind, strict-decode, default, validate, build the
// typed Pod, in the order a `kubectl create` round trip to a real API server goes.

/// Reads v1 Pod manifests the way `kubectl create` plus a real API server would.
public enum ManifestLoader {
    /// Reads a manifest holding one Pod; `source` is the file name as the user typed it (or "-" / "STDIN").
    /// A file with several objects is refused (`ManifestFailure.multipleObjects`); `loadAll` reads those.
    public static func load(_ bytes: [UInt8], source: String) -> ManifestResult {
        switch ManifestDocuments.read(bytes, source: source) {
        case .failure(let failure):
            return failed(failure)
        case .success(let objects):
            guard let object = objects.first else { return failed(.noObjects(source: source)) }
            guard objects.count == 1 else { return failed(.multipleObjects(source: source, count: objects.count)) }
            return load(object, source: source)
        }
    }

    /// Reads a manifest given as text (tests, and callers that already hold a String).
    public static func load(_ text: String, source: String) -> ManifestResult {
        load(Array(text.utf8), source: source)
    }

    /// Reads every object of a manifest: YAML documents in order (empty ones skipped, as kubectl
    /// does) and the items of a v1 List. One result per object, each a Pod or the reason it is not
    /// (another kind is refused by name); a file that cannot be parsed, or holds nothing, gives a
    /// single result with that failure and no origin.
    public static func loadAll(_ bytes: [UInt8], source: String) -> [ManifestResult] {
        switch ManifestDocuments.read(bytes, source: source) {
        case .failure(let failure):
            return [failed(failure)]
        case .success(let objects):
            if objects.isEmpty { return [failed(.noObjects(source: source))] }
            return objects.map { load($0, source: source) }
        }
    }

    public static func loadAll(_ text: String, source: String) -> [ManifestResult] {
        loadAll(Array(text.utf8), source: source)
    }

    /// One object through the API server's stages. YAML warnings come first: they explain what the
    /// later stages saw.
    static func load(_ object: ManifestObject, source: String) -> ManifestResult {
        let yamlWarnings = YAMLWarnings.warnings(for: object.surprises)
        func failed(_ failure: ManifestFailure) -> ManifestResult {
            ManifestResult(pod: nil, warnings: yamlWarnings, failure: failure, origin: object.origin)
        }
        guard case .object(let root) = object.root else {
            return failed(.decoding(source: source, [
                "json: cannot unmarshal \(object.root.typeName) into Go value of type v1.Pod",
            ]))
        }

        // kubectl checks kind and apiVersion before sending anything.
        let header = headerProblems(root)
        if !header.isEmpty { return failed(.decoding(source: source, header)) }

        var strict = StrictDecoding()
        strict.notes = YAMLWarnings.typeNotes(for: object.surprises)
        strict.check(root, as: PodSchema.pod, path: "", goPath: "")
        if !strict.problems.isEmpty { return failed(.decoding(source: source, strict.problems)) }

        let warnings = yamlWarnings + FieldSupport.warnings(for: root)
        let manifest = ManifestDefaults.apply(to: root)
        let errors = PodValidation.validate(manifest)
        if !errors.isEmpty {
            let name = manifest.object("metadata")?.string("name") ?? ""
            return ManifestResult(pod: nil, warnings: warnings, failure: .invalid(podName: name, errors), origin: object.origin)
        }
        return ManifestResult(pod: PodBuilder.pod(from: manifest), warnings: warnings, failure: nil, origin: object.origin)
    }

    private static func failed(_ failure: ManifestFailure) -> ManifestResult {
        ManifestResult(pod: nil, warnings: [], failure: failure)
    }

    /// kubectl's `apiVersion not set` / `kind not set`, and kubelet-lite's refusal of other kinds.
    static func headerProblems(_ root: JSONObject) -> [String] {
        var problems: [String] = []
        let apiVersion = root.string("apiVersion") ?? ""
        let kind = root.string("kind") ?? ""
        if apiVersion.isEmpty { problems.append("apiVersion not set") }
        if kind.isEmpty { problems.append("kind not set") }
        let only = "kubelet-lite runs only kind \"Pod\", apiVersion \"v1\""
        if !kind.isEmpty && kind != "Pod" {
            let version = apiVersion.isEmpty ? "" : " (apiVersion \(FieldValue.goQuoted(apiVersion)))"
            problems.append("kind \(FieldValue.goQuoted(kind))\(version) is not supported: \(only)")
        } else if !apiVersion.isEmpty && apiVersion != "v1" {
            problems.append("apiVersion \(FieldValue.goQuoted(apiVersion)) is not supported: \(only)")
        }
        return problems
    }
}
