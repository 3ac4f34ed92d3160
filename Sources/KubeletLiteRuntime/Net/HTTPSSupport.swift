// kubelet-lite — Net/HTTPSSupport.swift
// Whether HTTPS probes and hooks can work on this host: they need the system's OpenSSL 3
// (libssl.so.3), loaded at run time (lifecycle §D8). `validate` and `apply` warn when it is missing.

import KubeletLiteModel
import KubeletLiteNet

/// The host's TLS support, as the command line reports it.
public enum HTTPSSupport {
    /// The warning for a pod that has an HTTPS probe or hook on a host without libssl.so.3; nil
    /// when the pod has none or the library loads.
    public static func warning(for pod: Pod) -> String? {
        let https = httpsHandlers(pod)
        guard let first = https.first, let why = OpenSSLLibrary.systemWarning else { return nil }
        return "\(first)\(https.count > 1 ? " (and \(https.count - 1) more)" : ""): \(why)"
    }

    /// The field paths of every `httpGet` with `scheme: HTTPS`, probes and hooks alike.
    static func httpsHandlers(_ pod: Pod) -> [String] {
        var paths: [String] = []
        let all = pod.spec.initContainers.enumerated().map { ("spec.initContainers[\($0.offset)]", $0.element) }
            + pod.spec.containers.enumerated().map { ("spec.containers[\($0.offset)]", $0.element) }
        for (path, c) in all {
            let probes = [("startupProbe", c.startupProbe), ("livenessProbe", c.livenessProbe),
                          ("readinessProbe", c.readinessProbe)]
            for case (let name, let probe?) in probes {
                if case .httpGet(let action) = probe.handler, action.scheme.uppercased() == "HTTPS" {
                    paths.append("\(path).\(name).httpGet")
                }
            }
            let hooks = [("postStart", c.lifecycle?.postStart), ("preStop", c.lifecycle?.preStop)]
            for case (let name, let hook?) in hooks {
                if case .httpGet(let action) = hook, action.scheme.uppercased() == "HTTPS" {
                    paths.append("\(path).lifecycle.\(name).httpGet")
                }
            }
        }
        return paths
    }
}
