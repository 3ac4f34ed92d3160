// kubelet-lite — ResourceList.swift
// v1.ResourceList in manifest order, and the kubelet's way of adding up the lists of a pod's
// containers (component-helpers AggregateContainerRequests/Limits, lifecycle §21.2).

/// A v1 `ResourceList`: resource names and quantities, in the order the manifest gives them.
///
/// Go iterates these maps in random order; kubelet-lite keeps document order so that errors and
/// warnings come out the same way every time.
public struct ResourceList: Sendable, Equatable {
    public private(set) var names: [String] = []
    private var quantities: [String: Quantity] = [:]

    public init() {}

    public init(_ entries: [(String, Quantity)]) {
        for (name, quantity) in entries { self[name] = quantity }
    }

    /// The list a manifest's JSON object holds; values that are not quantities read as zero
    /// (strict decoding has refused them before this is used).
    init(json: JSONObject?) {
        for (name, value) in json ?? JSONObject() {
            self[name] = (try? Quantity(json: value)) ?? .zero
        }
    }

    public subscript(name: String) -> Quantity? {
        get { quantities[name] }
        set {
            if let newValue {
                if quantities.updateValue(newValue, forKey: name) == nil { names.append(name) }
            } else if quantities.removeValue(forKey: name) != nil {
                names.removeAll { $0 == name }
            }
        }
    }

    public var isEmpty: Bool { names.isEmpty }

    /// The entries in order.
    public var entries: [(name: String, quantity: Quantity)] { names.map { ($0, quantities[$0]!) } }

    public static func == (a: ResourceList, b: ResourceList) -> Bool {
        a.names == b.names && a.quantities == b.quantities
    }

    /// `addResourceList`: adds each quantity to the one of the same name (a copy when new).
    public mutating func add(_ other: ResourceList) {
        for (name, q) in other.entries {
            self[name] = quantities[name].map { $0 + q } ?? q
        }
    }

    /// `maxResourceList`: raises each entry to the other list's quantity where that is larger.
    public mutating func raise(to other: ResourceList) {
        for (name, q) in other.entries where quantities[name].map({ q > $0 }) ?? true {
            self[name] = q
        }
    }

    /// The list as the API server writes it: every quantity as its `String()`.
    var json: JSONObject {
        JSONObject(entries.map { ($0.name, JSONValue.string($0.quantity.description)) })
    }
}

/// One container's list for aggregation, and whether it is a restartable init container.
public struct AggregatedContainer: Sendable {
    public var list: ResourceList
    public var isSidecar: Bool

    public init(_ list: ResourceList, isSidecar: Bool = false) {
        self.list = list
        self.isSidecar = isSidecar
    }
}

/// How the kubelet adds up a pod's container requests or limits (KEP-753's formula).
public enum ResourceAggregation {
    /// Regular containers and sidecars add up; each regular init container needs its own list plus
    /// the sidecars started before it; the pod needs the larger of the two per resource.
    /// `visit` sees each regular container's list and each init container's effective list, as
    /// the kubelet's `ContainerFn` does.
    public static func aggregate(containers: [ResourceList], initContainers: [AggregatedContainer],
                                 visit: (ResourceList) -> Void = { _ in }) -> ResourceList {
        var result = ResourceList()
        for list in containers {
            visit(list)
            result.add(list)
        }
        var sidecars = ResourceList()
        var initNeed = ResourceList()
        for c in initContainers {
            var effective: ResourceList
            if c.isSidecar {
                result.add(c.list)
                sidecars.add(c.list)
                effective = sidecars
            } else {
                effective = ResourceList()
                effective.add(c.list)
                effective.add(sidecars)
            }
            visit(effective)
            initNeed.raise(to: effective)
        }
        result.raise(to: initNeed)
        return result
    }
}
