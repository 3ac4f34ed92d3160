// kubelet-lite — ManifestResult.swift
// What reading a manifest produced: a pod, warnings, or the failure kubectl would have printed.

import KubeletLiteYAML

/// The outcome of `ManifestLoader.load`: a pod (iff no failure), plus warnings either way.
public struct ManifestResult: Sendable {
    /// The validated, defaulted pod; nil iff `failure` is set.
    public var pod: Pod?
    /// Non-fatal findings, e.g. `spec.nodeSelector: accepted but not applicable to kubelet-lite (ignored)`.
    public var warnings: [String]
    public var failure: ManifestFailure?
    /// Which object of the file this is (document, List item, line); nil for whole-file failures.
    public var origin: ManifestOrigin?

    public init(pod: Pod?, warnings: [String], failure: ManifestFailure?, origin: ManifestOrigin? = nil) {
        self.pod = pod
        self.warnings = warnings
        self.failure = failure
        self.origin = origin
    }
}

/// Why a manifest was refused, in the three stages a real API round trip has.
public enum ManifestFailure: Error, Sendable, Equatable {
    /// Malformed JSON, with its line and column.
    case syntax(source: String, JSONSyntaxError)
    /// Malformed YAML, data JSON cannot hold (a null key, `.inf`, a duplicate key), or a YAML limit.
    case yamlSyntax(source: String, YAMLError)
    /// The file holds no object (empty, only comments, or an empty List).
    case noObjects(source: String)
    /// `ManifestLoader.load` was given several objects; `loadAll` reads them.
    case multipleObjects(source: String, count: Int)
    /// Strict decoding failed: unknown fields (`unknown field "spec.foo"`), wrong JSON types
    /// (`json: cannot unmarshal ...`), or a `kind`/`apiVersion` that is not a v1 Pod
    /// (`kind not set`, `apiVersion not set`, `kind "Deployment" is not supported ...`).
    case decoding(source: String, [String])
    /// API validation errors, all of them, in the API server's order.
    case invalid(podName: String, [FieldError])

    /// The text kubectl would print, one or more lines, no trailing newline.
    public var message: String {
        switch self {
        case .syntax(let source, let error):
            return "error: error parsing \(ManifestFailure.displayName(source)): invalid JSON at "
                + "line \(error.line), column \(error.column): \(error.reason)"
        case .yamlSyntax(let source, let error):
            // kubectl's wording, with the column added.
            return "error: error parsing \(ManifestFailure.displayName(source)): error converting YAML to JSON: "
                + "yaml: line \(error.line), column \(error.column): \(error.reason)"
        case .noObjects(let source):
            return "error: no objects in \(ManifestFailure.displayName(source)) (the manifest is empty)"
        case .multipleObjects(let source, let count):
            return "error: \(ManifestFailure.displayName(source)) holds \(count) objects, but only one Pod is read here"
        case .decoding(let source, let problems):
            let file = ManifestFailure.displayName(source)
            // kind/apiVersion problems are what kubectl's client-side check reports before it sends anything.
            let header = problems.filter { ManifestFailure.isHeaderProblem($0) }
            if !header.isEmpty {
                let body = header.count == 1 ? header[0] : "[" + header.joined(separator: ", ") + "]"
                return "error: error validating \"\(file)\": error validating data: \(body)"
            }
            // Go stops at wrong types before the strict pass; kubelet-lite reports both kinds at once.
            let typeErrors = problems.filter { !$0.hasPrefix("unknown field ") }
            let unknown = problems.filter { $0.hasPrefix("unknown field ") }
            var parts = typeErrors
            if !unknown.isEmpty { parts.append("strict decoding error: " + unknown.joined(separator: ", ")) }
            return "Error from server (BadRequest): error when creating \"\(file)\": "
                + "Pod in version \"v1\" cannot be handled as a Pod: " + parts.joined(separator: ", ")
        case .invalid(let podName, let errors):
            let head = "The Pod \(FieldValue.goQuoted(podName)) is invalid: "
            if errors.count == 1 { return head + errors[0].description }
            return head + "\n" + errors.map { "* \($0.description)" }.joined(separator: "\n")
        }
    }

    /// kubectl calls standard input "STDIN".
    static func displayName(_ source: String) -> String {
        source == "-" ? "STDIN" : source
    }

    static func isHeaderProblem(_ problem: String) -> Bool {
        problem.hasPrefix("kind ") || problem.hasPrefix("apiVersion ")
    }
}
