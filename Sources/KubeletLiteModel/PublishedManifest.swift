// kubelet-lite — PublishedManifest.swift
// The typed pod read back from a published pod.json, for the verbs that read the state directory.

/// Why a published pod.json's metadata or spec cannot be read back as a `Pod`.
public struct PublishedManifestError: Error, Sendable, Equatable {
    /// Go's wording, one entry per field: `json: cannot unmarshal string into Go struct field ...`.
    public var problems: [String]
}

extension Pod {
    /// Rebuilds the pod from a published pod.json: its metadata and its defaulted spec.
    ///
    /// JSON types are checked as strict decoding checks them, but nothing is validated again:
    /// the manifest passed validation when it was applied, and the spec now carries the host's
    /// name as `nodeName`, which need not be a DNS name. Unknown fields are let through, so that
    /// a pod.json written by a later version still reads.
    public static func rebuilt(fromPublished document: JSONObject) -> Result<Pod, PublishedManifestError> {
        var strict = StrictDecoding()
        strict.check(document, as: PodSchema.pod, path: "", goPath: "")
        guard strict.typeErrors.isEmpty else { return .failure(PublishedManifestError(problems: strict.typeErrors)) }
        var manifest = document
        manifest["status"] = nil  // `Pod.manifest` is the manifest without a status
        return .success(PodBuilder.pod(from: manifest))
    }
}
