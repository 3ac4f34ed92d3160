// kubelet-lite — HPACK/HPACKDynamicTable.swift
// The dynamic table: newest entry first, sized in RFC 7541 §4.1 octets, evicting the oldest.

/// RFC 7541 §2.3.2 and RFC 7541 §4. Entries keep their raw octets so the size accounting matches the
/// peer's exactly, whatever bytes the values hold.
struct HPACKDynamicTable: Sendable {
    /// One entry with its raw octets.
    struct Entry: Sendable, Equatable {
        var name: [UInt8]
        var value: [UInt8]
        var size: Int { name.count + value.count + HPACKLimits.entryOverhead }
    }

    /// Oldest first, so eviction pops the front and insertion appends (the table holds at most
    /// maxSize / 32 entries, 128 at the default size).
    private(set) var entries: [Entry] = []
    private(set) var size = 0
    private(set) var maxSize: Int

    init(maxSize: Int) { self.maxSize = maxSize }

    var count: Int { entries.count }

    /// The entry at dynamic index `i` (1 = newest), or nil.
    func entry(_ i: Int) -> Entry? {
        guard i >= 1, i <= entries.count else { return nil }
        return entries[entries.count - i]
    }

    /// RFC 7541 §4.4: evict until the entry fits; an entry larger than the whole table empties it and is
    /// not added (this is not an error).
    mutating func insert(_ entry: Entry) {
        evict(toFit: entry.size)
        guard entry.size <= maxSize else { return }
        entries.append(entry)
        size += entry.size
    }

    /// RFC 7541 §4.3: a new maximum evicts until the table fits.
    mutating func resize(_ newMax: Int) {
        maxSize = newMax
        evict(toFit: 0)
    }

    /// Dynamic index (1 = newest) of an entry with this name and value, and one with the name.
    func find(name: [UInt8], value: [UInt8]) -> (full: Int?, nameOnly: Int?) {
        var nameOnly: Int?
        for i in stride(from: 1, through: entries.count, by: 1) {
            let e = entries[entries.count - i]
            guard e.name == name else { continue }
            if e.value == value { return (i, nameOnly ?? i) }
            if nameOnly == nil { nameOnly = i }
        }
        return (nil, nameOnly)
    }

    private mutating func evict(toFit incoming: Int) {
        var drop = 0
        while size + incoming > maxSize, drop < entries.count {
            size -= entries[drop].size
            drop += 1
        }
        if drop > 0 { entries.removeFirst(drop) }
    }
}
