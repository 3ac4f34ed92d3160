// kubelet-lite — PodDocumentText.swift
// pod.json's text for each write: the unchanging part serialized once, the status written straight to text.

import KubeletLiteModel

/// Writes pod.json's text, the bytes of `PodDocument.pod(...).serialized(indent: 2)` and a newline,
/// without building the document's tree for every write: the Pod without its status (the manifest,
/// most of a large pod's bytes) is serialized once for as long as its identity, placement and
/// deletion stay the same, and the status is written around it straight to text (architecture §6.3).
public struct PodDocumentText {
    /// The serialized Pod up to where its status goes, and from there to the end.
    private var head: [UInt8] = []
    private var tail: [UInt8] = []
    private var qos = QOSClass.bestEffort
    /// What the frame was made for; nil before the first write and after `reset`.
    private var madeFor: (uid: String, placement: PodPlacement, deletion: (at: Instant, grace: Int64)?)?

    public init() {}

    /// The whole pod.json of `pod` with `status`.
    public mutating func text(_ pod: Pod, uid: String, placement: PodPlacement, status: PodStatusSnapshot) -> [UInt8] {
        if !isFrame(for: uid, placement, status.deletion),
           !makeFrame(pod, uid: uid, placement: placement, deletion: status.deletion) {
            // Not reached (the frame always holds the status key); the tree writes the same text.
            return PodDocument.pod(pod, uid: uid, placement: placement, status: status).serializedBytes(indent: 2)
                + [UInt8(ascii: "\n")]
        }
        let containers = status.containerStatuses.count + status.initContainerStatuses.count
        var w = JSONTextWriter(indent: 2, level: 1, capacity: head.count + tail.count + 2048 + 768 * containers)
        w.raw(head)
        PodDocument.writeStatus(status, placement: placement, qos: qos, into: &w)
        w.raw(tail)
        return w.bytes
    }

    /// Another pod (a new incarnation) comes next: the frame is made again.
    public mutating func reset() { madeFor = nil }

    private func isFrame(for uid: String, _ placement: PodPlacement, _ deletion: (at: Instant, grace: Int64)?) -> Bool {
        guard let made = madeFor else { return false }
        return made.uid == uid && made.placement == placement
            && made.deletion?.at == deletion?.at && made.deletion?.grace == deletion?.grace
    }

    private mutating func makeFrame(_ pod: Pod, uid: String, placement: PodPlacement,
                                    deletion: (at: Instant, grace: Int64)?) -> Bool {
        var doc = PodDocument.frame(pod, uid: uid, placement: placement, deletion: deletion)
        doc["status"] = .null  // holds the status's place among the keys (a manifest may carry one)
        let text = JSONValue.object(doc).serializedBytes(indent: 2)
        // Only a top-level key starts a line with exactly two spaces (no string holds a raw newline).
        guard let marker = Self.lastRange(of: Array("\n  \"status\": null".utf8), in: text) else { return false }
        head = Array(text[..<(marker.upperBound - 4)])
        tail = Array(text[marker.upperBound...]) + [UInt8(ascii: "\n")]
        qos = QOSClass(pod: pod)
        madeFor = (uid, placement, deletion)
        return true
    }

    /// Where `needle` occurs last in `text`. The status is the document's last key unless the
    /// manifest put one earlier, so a scan from the end reads a few bytes. (The standard library's
    /// `firstRange(of:)` is generic all the way down: 40 ms for the 574 KB frame of 1 000 containers.)
    static func lastRange(of needle: [UInt8], in text: [UInt8]) -> Range<Int>? {
        guard let first = needle.first, text.count >= needle.count else { return nil }
        for start in stride(from: text.count - needle.count, through: 0, by: -1)
        where text[start] == first && text[start..<(start + needle.count)].elementsEqual(needle) {
            return start..<(start + needle.count)
        }
        return nil
    }
}
