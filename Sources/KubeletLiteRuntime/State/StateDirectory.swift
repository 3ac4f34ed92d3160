// kubelet-lite — StateDirectory.swift
// The state directory (architecture §6): where it is, and its pods' directories.

import Glibc
import KubeletLiteModel

/// Paths and defaults of the state directory.
public struct StateDirectory: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    /// `--state-dir`, else `KUBELET_LITE_STATE_DIR`, else `/run/kubelet-lite` (root), else
    /// `$XDG_RUNTIME_DIR/kubelet-lite` (a directory only its user can enter), else
    /// `/tmp/kubelet-lite-$UID` (created 0700 and checked, since anyone can create names in /tmp).
    public static func defaultRoot(flag: String?) -> String {
        if let flag, !flag.isEmpty { return absolute(flag) }
        if let env = getenv("KUBELET_LITE_STATE_DIR"), env.pointee != 0 { return absolute(String(cString: env)) }
        if geteuid() == 0 { return "/run/kubelet-lite" }
        if let xdg = getenv("XDG_RUNTIME_DIR"), xdg.pointee != 0, String(cString: xdg).hasPrefix("/") {
            return String(cString: xdg) + "/kubelet-lite"
        }
        return "/tmp/kubelet-lite-\(geteuid())"
    }

    public func podDir(_ key: String) -> String { "\(root)/pods/\(key)" }

    /// A relative path made absolute against the working directory: processes started in other
    /// directories (exec helpers, mounts in the namespaces sandbox) use these paths too.
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        guard buffer.withUnsafeMutableBufferPointer({ getcwd($0.baseAddress, $0.count) }) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        return (cwd == "/" ? "" : cwd) + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// The pods directory, opened and checked; nil when there is none yet.
    func pods(create: Bool) throws(StateDirectoryError) -> SecureDirectory? {
        let top: SecureDirectory
        do throws(StateDirectoryError) {
            top = try SecureDirectory.root(root, create: create)
        } catch {
            if !create, error.errno == ENOENT { return nil }
            throw error
        }
        do throws(StateDirectoryError) {
            return try top.directory("pods", create: create)
        } catch {
            if !create, error.errno == ENOENT { return nil }
            throw error
        }
    }
}
