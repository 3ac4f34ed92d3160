// kubelet-lite — PublishedPodError.swift
// What is wrong with a published file, said as "which field of which file".

/// A pod.json (or events.jsonl line) that cannot be read back, naming the file and the field.
public struct PublishedPodError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as a user recognises it: `pod.json of default/web`.
    public var file: String
    /// The field path, `status.containerStatuses[0].state`; empty when the whole file is at fault.
    public var field: String
    /// What is wrong: `expected an object`, `missing`, `invalid JSON at line 3, column 5: ...`.
    public var problem: String

    public init(file: String, field: String, problem: String) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    /// `pod.json of default/web: status.containerStatuses[0].state: expected an object`.
    public var description: String { field.isEmpty ? "\(file): \(problem)" : "\(file): \(field): \(problem)" }
}
