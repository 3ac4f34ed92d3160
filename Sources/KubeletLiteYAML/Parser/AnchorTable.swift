// kubelet-lite — AnchorTable.swift
// Anchors of the current document, and the alias-expansion budget that stops "billion laughs".

/// Anchored nodes by name; an alias copies the node (its storage is shared, not duplicated).
struct AnchorTable {
    private var nodes: [String: YAMLNode] = [:]
    private let floor: Int
    private let factor: Int
    /// Nodes written in the document so far (an alias counts as one).
    private var written = 0
    /// Nodes that aliases stand for once expanded.
    private var expanded = 0

    init(floor: Int, factor: Int) {
        self.floor = floor
        self.factor = factor
    }

    mutating func startDocument() {
        nodes.removeAll()
        written = 0
        expanded = 0
    }

    mutating func noteWritten() { written += 1 }

    mutating func define(_ name: String, as node: YAMLNode) { nodes[name] = node }

    /// The node `*name` stands for; refused once aliases would expand to more nodes than the budget.
    mutating func alias(_ name: String, at mark: Mark) throws(YAMLError) -> YAMLNode {
        guard var node = nodes[name] else {
            throw mark.error("the alias '*\(name)' names no anchor defined before it in this document")
        }
        written += 1
        expanded = AnchorTable.add(expanded, node.expandedSize)
        let budget = max(floor, AnchorTable.multiply(factor, written))
        if expanded > budget {
            throw mark.error("alias expansion exceeds \(budget) nodes (a billion-laughs document?)", .limit)
        }
        node.position = mark.position
        return node
    }

    /// Addition that saturates instead of trapping: sizes of nested aliases grow exponentially.
    static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }
}
