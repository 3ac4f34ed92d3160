// kubelet-lite — ContainerRecords.swift
// The pod's container records, remembering which ones changed since the status was last computed.

/// The records of a pod's containers (init containers first, then the main ones), as an array
/// that notes every index written through it, so that the status is recomputed only for the
/// containers that changed: with a thousand containers, rebuilding every status on every event
/// made each event cost in proportion to the pod's size (lifecycle §2).
struct ContainerRecords: RandomAccessCollection, MutableCollection, Sendable {
    private var items: [ContainerRecord]
    /// Whether each record changed since `takeChanged`; `changedList` holds those indices once each.
    private var isChanged: [Bool]
    private var changedList: [Int] = []

    init(_ items: [ContainerRecord]) {
        self.items = items
        isChanged = Array(repeating: true, count: items.count)
        changedList = Array(items.indices)
    }

    var startIndex: Int { items.startIndex }
    var endIndex: Int { items.endIndex }

    subscript(i: Int) -> ContainerRecord {
        _read { yield items[i] }
        _modify {
            if !isChanged[i] {
                isChanged[i] = true
                changedList.append(i)
            }
            yield &items[i]
        }
    }

    /// The indices written since the last call, in the order first written; forgets them.
    mutating func takeChanged() -> [Int] {
        let out = changedList
        for i in out { isChanged[i] = false }
        changedList.removeAll(keepingCapacity: true)
        return out
    }
}
