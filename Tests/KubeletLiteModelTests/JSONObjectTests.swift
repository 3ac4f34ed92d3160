// kubelet-lite — JSONObjectTests.swift
// The ordered JSON object, small (searched) and large (indexed by key): the same behaviour.

import KubeletLiteModel
import Testing

/// Insertion order, replacement in place, removal and equality, on both sides of the size at
/// which the object starts keeping its positions by key.
@Suite("JSON object")
struct JSONObjectTests {
    @Test("set, replace, remove and look up keep the first insertion order", arguments: [3, 16, 17, 40])
    func orderedUpdates(count: Int) {
        var object = JSONObject()
        let keys = (0..<count).map { "key-\(($0 * 7) % count)" }  // not in sorted order
        for (i, key) in keys.enumerated() { object[key] = .int(i) }
        #expect(object.keys == keys)
        object[keys[count / 2]] = .string("replaced")
        #expect(object.keys == keys, "a replaced value keeps its place")
        #expect(object[keys[count / 2]] == .string("replaced"))
        object[keys[0]] = nil
        #expect(object.keys == Array(keys.dropFirst()))
        #expect(object[keys[0]] == nil)
        for (i, key) in keys.enumerated().dropFirst() where i != count / 2 {
            #expect(object[key] == .int(i), "\(key) after a removal before it")
        }
        object[keys[0]] = .null
        #expect(object.keys.last == keys[0], "a key set again after its removal goes last")
        #expect(object.count == count)
        #expect(Array(object.map(\.key)) == object.keys)
    }

    @Test("equal when the same keys hold the same values in the same order")
    func equality() {
        let large = (0..<20).map { ("k\($0)", JSONValue.int($0)) }
        #expect(JSONObject(large) == JSONObject(large))
        #expect(JSONObject(large) != JSONObject(large.reversed()))
        #expect(JSONObject([("a", .int(1)), ("b", .int(2))]) != JSONObject([("b", .int(2)), ("a", .int(1))]))
        var changed = JSONObject(large)
        changed["k19"] = .int(0)
        #expect(changed != JSONObject(large))
        var removed = JSONObject(large)
        removed["k3"] = nil
        #expect(removed != JSONObject(large))
        #expect(removed.count == 19)
    }
}
