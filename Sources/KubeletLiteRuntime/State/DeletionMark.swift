// kubelet-lite — DeletionMark.swift
// STATE/pods/NAMESPACE_NAME/deleted: which pod `delete` removed, so get forgets it (architecture §6.4).

/// The content of a pod directory's `deleted` file: the uid of the pod `delete` removed, and
/// whether it was forced. A new apply of the name is a new pod with a new uid, which the mark
/// does not name: the file needs no cleaning up.
public struct DeletionMark: Sendable, Equatable {
    static let file = "deleted"

    public var uid: String
    /// `delete --force --grace-period=0`: gone from get at once, as the API forgets a
    /// force-deleted pod while its kubelet still stops it.
    public var force: Bool

    public init(uid: String, force: Bool) {
        self.uid = uid
        self.force = force
    }

    /// `UID\n`, then `force\n` for a forced deletion.
    var text: String { uid + "\n" + (force ? "force\n" : "") }

    init?(bytes: [UInt8]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        guard let uid = lines.first, !uid.isEmpty else { return nil }
        self.init(uid: uid, force: lines.dropFirst().contains("force"))
    }
}
