// kubelet-lite — ManifestLoader.swift
// The manifest's way in: parse, check kind, strict-decode, default, validate, build the typed Pod,
// in the order a `kubectl create` round trip to a real API server goes.

/// Reads a v1 Pod manifest the way `kubectl create` plus a real API server would.
public enum ManifestLoader {
    /// Reads a manifest; `source` is the file name as the user typed it (or "-" / "STDIN").
    public static func load(_ bytes: [UInt8], source: String) -> ManifestResult {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            return ManifestResult(pod: nil, warnings: [], failure: .syntax(source: source, error))
        }
        guard case .object(let root) = document else {
            return failed(.decoding(source: source, [
                "json: cannot unmarshal \(document.typeName) into Go value of type v1.Pod",
            ]))
        }

        // kubectl checks kind and apiVersion before sending anything.
        let header = headerProblems(root)
        if !header.isEmpty { return failed(.decoding(source: source, header)) }

        var strict = StrictDecoding()
        strict.check(root, as: PodSchema.pod, path: "", goPath: "")
        if !strict.problems.isEmpty { return failed(.decoding(source: source, strict.problems)) }

        let warnings = FieldSupport.warnings(for: root)
        let manifest = ManifestDefaults.apply(to: root)
        let errors = PodValidation.validate(manifest)
        if !errors.isEmpty {
            let name = manifest.object("metadata")?.string("name") ?? ""
            return ManifestResult(pod: nil, warnings: warnings, failure: .invalid(podName: name, errors))
        }
        return ManifestResult(pod: PodBuilder.pod(from: manifest), warnings: warnings, failure: nil)
    }

    /// Reads a manifest given as text (tests, and callers that already hold a String).
    public static func load(_ text: String, source: String) -> ManifestResult {
        load(Array(text.utf8), source: source)
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
