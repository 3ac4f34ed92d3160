// kubelet-lite — TimerTable.swift
// The lifecycle's timers: one deadline per key, taken earliest first in a fixed order.

/// Timers the lifecycle keeps; the runtime only learns the earliest deadline.
enum TimerKey: Hashable, Sendable, Comparable {
    case backoff(ContainerRef)
    case killDeadline(ContainerRef)
    case activeDeadline
    case probe(ContainerRef, ProbeKind)
    /// A `sleep` hook: the kubelet itself waits, no process (lifecycle §8.2).
    case hookSleep(ContainerRef, HookKind)
    /// The grace period bounds a preStop hook (lifecycle §9.2).
    case preStopBound(ContainerRef)
    /// The grace period bounds a sidecar's wait for its turn to stop (lifecycle §6.4).
    case turnDeadline(ContainerRef)

    /// Ties between timers due at the same instant are broken by this rank, never by hashing, so the
    /// same inputs always give the same actions in the same order (architecture §3.4).
    private var rank: (Int, Int, Int, Int) {
        switch self {
        case .activeDeadline: (0, 0, 0, 0)
        case .killDeadline(let r): (1, r.rank.0, r.rank.1, 0)
        case .preStopBound(let r): (2, r.rank.0, r.rank.1, 0)
        case .turnDeadline(let r): (3, r.rank.0, r.rank.1, 0)
        case .hookSleep(let r, let k): (4, r.rank.0, r.rank.1, k == .postStart ? 0 : 1)
        case .backoff(let r): (5, r.rank.0, r.rank.1, 0)
        case .probe(let r, let k): (6, r.rank.0, r.rank.1, k.rank)
        }
    }

    static func < (a: TimerKey, b: TimerKey) -> Bool { a.rank < b.rank }
}

extension ContainerRef {
    /// Init containers before main containers, each in spec order.
    var rank: (Int, Int) { (isInit ? 0 : 1, index) }
}

extension ProbeKind {
    /// Startup, then liveness, then readiness: the order the kubelet's workers are created in.
    var rank: Int {
        switch self {
        case .startup: 0
        case .liveness: 1
        case .readiness: 2
        }
    }
}

/// One deadline per key; the earliest is found in O(log n) and ties always break the same way.
///
/// A binary heap of (deadline, key) with lazy deletion: setting or clearing a key leaves its old
/// heap entry behind, skipped when it reaches the top because the table no longer agrees with it.
struct TimerTable: Sendable {
    private var deadlines: [TimerKey: Instant] = [:]
    private var heap: [Entry] = []

    /// A heap entry; stale once `deadlines[key]` differs from `deadline`.
    private struct Entry: Sendable {
        var deadline: Instant
        var key: TimerKey

        func precedes(_ other: Entry) -> Bool {
            deadline == other.deadline ? key < other.key : deadline < other.deadline
        }
    }

    subscript(key: TimerKey) -> Instant? {
        get { deadlines[key] }
        set {
            guard deadlines[key] != newValue else { return }
            deadlines[key] = newValue
            if let newValue { push(Entry(deadline: newValue, key: key)) }
            // Stale entries would otherwise pile up under timers that are set and cleared often.
            if heap.count > 2 * deadlines.count + 64 { rebuild() }
            // The top is kept valid, so reading the earliest timer never has to mutate.
            dropStaleTop()
        }
    }

    var isEmpty: Bool { deadlines.isEmpty }

    /// The earliest timer and its deadline (ties: the lower key).
    var earliest: (key: TimerKey, deadline: Instant)? { heap.first.map { ($0.key, $0.deadline) } }

    mutating func removeAll() {
        deadlines.removeAll()
        heap.removeAll()
    }

    private mutating func dropStaleTop() {
        while let top = heap.first, deadlines[top.key] != top.deadline { popTop() }
    }

    private mutating func rebuild() {
        heap = deadlines.map { Entry(deadline: $0.value, key: $0.key) }
        heap.sort { $0.precedes($1) }  // a sorted array is a valid heap
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < heap.count && heap[l].precedes(heap[m]) { m = l }
            if r < heap.count && heap[r].precedes(heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
