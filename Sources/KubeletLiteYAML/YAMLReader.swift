// kubelet-lite — YAMLReader.swift
// The module's entry points: YAML text to node trees, or to JSON data.

/// Reads YAML streams: YAML 1.2 syntax, resolved by kubectl's rules or the YAML 1.2 core schema.
public enum YAMLReader {
    /// Every document of `bytes` as a node tree.
    /// - Throws: `YAMLError` with the line and column of the first problem, or of the limit exceeded.
    public static func parse(_ bytes: [UInt8], options: YAMLOptions = .kubernetes) throws(YAMLError) -> [YAMLDocument] {
        let input = try InputCheck.prepare(bytes, maxBytes: options.maxBytes)
        var parser = Parser(input, options: options)
        return try parser.parseStream()
    }

    /// Every document of `bytes` as JSON data, as kubectl's YAML-to-JSON step would make it.
    /// - Throws: `YAMLError` for bad syntax, for data JSON cannot hold (a null key, `.inf`, a
    ///   duplicate key), and for exceeded limits.
    public static func read(_ bytes: [UInt8], options: YAMLOptions = .kubernetes) throws(YAMLError) -> [YAMLDocumentData] {
        var out: [YAMLDocumentData] = []
        for document in try parse(bytes, options: options) {
            var converter = DataConverter(schema: options.schema)
            let data = try converter.convert(document.root)
            out.append(YAMLDocumentData(data: data, hasContent: document.hasContent, position: document.root.position,
                                        node: document.root, surprises: converter.surprises))
        }
        return out
    }

    public static func read(_ text: String, options: YAMLOptions = .kubernetes) throws(YAMLError) -> [YAMLDocumentData] {
        try read(Array(text.utf8), options: options)
    }
}
