// kubelet-lite — ManifestDefaults.swift
// The API server's defaulting (pkg/apis/core/v1/defaults.go), applied to the JSON before validation,
// so that the published pod.json carries the same defaults a real API server would write.

/// Applies v1 Pod defaults to a manifest tree that passed strict decoding.
enum ManifestDefaults {
    /// Returns `pod` with metadata and spec defaults filled in and `status` dropped.
    static func apply(to pod: JSONObject) -> JSONObject {
        var pod = pod
        // A status given in the input is not the user's to set (the API server ignores it on create).
        pod["status"] = nil

        var metadata = pod.object("metadata") ?? JSONObject()
        if (metadata.string("namespace") ?? "").isEmpty { metadata["namespace"] = .string("default") }
        // Name generation happens before validation on the server (names.SimpleNameGenerator).
        if (metadata.string("name") ?? "").isEmpty, let prefix = metadata.string("generateName"), !prefix.isEmpty {
            metadata["name"] = .string(prefix + randomSuffix())
        }
        pod["metadata"] = .object(metadata)

        var spec = pod.object("spec") ?? JSONObject()
        setIfZero(&spec, "restartPolicy", .string("Always"))
        if !spec.has("terminationGracePeriodSeconds") { spec["terminationGracePeriodSeconds"] = .int(30) }
        setIfZero(&spec, "dnsPolicy", .string("ClusterFirst"))
        if !spec.has("securityContext") { spec["securityContext"] = .object(JSONObject()) }
        setIfZero(&spec, "schedulerName", .string("default-scheduler"))
        if !spec.has("enableServiceLinks") { spec["enableServiceLinks"] = .bool(true) }
        let hostNetwork = spec.bool("hostNetwork") ?? false
        for key in ["initContainers", "containers"] where spec.has(key) {
            spec[key] = .array((spec.array(key) ?? []).map { item in
                guard case .object(let c) = item else { return item }
                return .object(container(c, hostNetwork: hostNetwork))
            })
        }
        // lifecycle §21.2: requests from limits, pod-level defaults, every quantity rounded to 1m.
        spec = ResourceDefaults.apply(to: spec)
        pod["spec"] = .object(spec)
        return pod
    }

    /// Go defaulting treats "", 0 and null alike: the zero value is "not set".
    private static func setIfZero(_ object: inout JSONObject, _ key: String, _ value: JSONValue) {
        switch object[key] {
        case nil, .null?: object[key] = value
        case .string(let s)? where s.isEmpty: object[key] = value
        case .number(let n)? where StrictDecoding.integerLiteral(n) == 0: object[key] = value
        default: break
        }
    }

    private static func container(_ input: JSONObject, hostNetwork: Bool) -> JSONObject {
        var c = input
        setIfZero(&c, "terminationMessagePath", .string(Container.defaultTerminationMessagePath))
        setIfZero(&c, "terminationMessagePolicy", .string("File"))
        setIfZero(&c, "imagePullPolicy", .string(pullPolicy(forImage: c.string("image") ?? "")))
        if c.has("ports") {
            c["ports"] = .array(c.objects("ports").map { port in
                var p = port
                setIfZero(&p, "protocol", .string("TCP"))
                // SetDefaults_PodSpec: with hostNetwork, hostPort mirrors containerPort.
                if hostNetwork, let cp = p["containerPort"] { setIfZero(&p, "hostPort", cp) }
                return .object(p)
            })
        }
        if c.has("env") {
            c["env"] = .array(c.objects("env").map { item in
                var e = item
                if var from = e.object("valueFrom"), var ref = from.object("fieldRef") {
                    setIfZero(&ref, "apiVersion", .string("v1"))
                    from["fieldRef"] = .object(ref)
                    e["valueFrom"] = .object(from)
                }
                return .object(e)
            })
        }
        for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
            if let p = c.object(key) { c[key] = .object(probe(p)) }
        }
        if var lifecycle = c.object("lifecycle") {
            for key in ["postStart", "preStop"] {
                if var h = lifecycle.object(key), let get = h.object("httpGet") {
                    h["httpGet"] = .object(httpGet(get))
                    lifecycle[key] = .object(h)
                }
            }
            c["lifecycle"] = .object(lifecycle)
        }
        return c
    }

    private static func probe(_ input: JSONObject) -> JSONObject {
        var p = input
        // Zero is replaced too: `periodSeconds: 0` becomes 10 (lifecycle §1.1); negatives survive to validation.
        setIfZero(&p, "timeoutSeconds", .int(1))
        setIfZero(&p, "periodSeconds", .int(10))
        setIfZero(&p, "successThreshold", .int(1))
        setIfZero(&p, "failureThreshold", .int(3))
        if let get = p.object("httpGet") { p["httpGet"] = .object(httpGet(get)) }
        return p
    }

    private static func httpGet(_ input: JSONObject) -> JSONObject {
        var g = input
        setIfZero(&g, "path", .string("/"))
        setIfZero(&g, "scheme", .string("HTTP"))
        return g
    }

    /// `Always` for the tag `latest` (or no tag and no digest), else `IfNotPresent`.
    static func pullPolicy(forImage image: String) -> String {
        var reference = Substring(image)
        var hasDigest = false
        if let at = reference.firstIndex(of: "@") {
            reference = reference[..<at]
            hasDigest = true
        }
        // A ':' after the last '/' starts the tag; one before it belongs to a registry host:port.
        var tag = ""
        if let colon = reference.lastIndex(of: ":"), !reference[colon...].contains("/") {
            tag = String(reference[reference.index(after: colon)...])
        }
        if tag.isEmpty && !hasDigest && !image.isEmpty { tag = "latest" }
        return tag == "latest" ? "Always" : "IfNotPresent"
    }

    /// Five characters from the alphabet of apimachinery's `rand.String` (no vowels, no look-alikes).
    private static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<5).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }
}
