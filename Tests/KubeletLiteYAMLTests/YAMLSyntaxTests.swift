// kubelet-lite — YAMLSyntaxTests.swift
// Each YAML construct a manifest may use, read into JSON data.

import KubeletLiteYAML
import Testing

/// Collections, scalar styles, block scalars, comments, anchors, documents and tags.
@Suite("YAML syntax")
struct YAMLSyntaxTests {
    @Test("block mappings and sequences, nested and indentless")
    func blockCollections() throws {
        let text = """
            apiVersion: v1
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: a
                args:
                  - x
                  - z
              - name: b
            """
        #expect(try YAML.json(text) == #"{"apiVersion":"v1","metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a","args":["x","z"]},{"name":"b"}]}}"#)
        #expect(try YAML.json("- - a\n  - b\n- c: 1\n  d: 2\n-\n- ") == #"[["a","b"],{"c":1,"d":2},null,null]"#)
    }

    @Test("flow collections, nested, with trailing commas, pairs and JSON-style keys")
    func flowCollections() throws {
        #expect(try YAML.json("{a: [1, 2, ], b: {c: d}, e: []}") == #"{"a":[1,2],"b":{"c":"d"},"e":[]}"#)
        #expect(try YAML.json("[a: 1, ? b : 2, c]") == #"[{"a":1},{"b":2},"c"]"#)
        #expect(try YAML.json(#"{"a":1,"b":[x,z]}"#) == #"{"a":1,"b":["x","z"]}"#)
        #expect(try YAML.json("{a, b: }") == #"{"a":null,"b":null}"#)
        #expect(try YAML.json("key: [one,\n  two]") == #"{"key":["one","two"]}"#)
        // A closing bracket at the key's own indentation: not YAML 1.2, but kubectl accepts it.
        #expect(try YAML.json("spec:\n  args: [\n    a\n  ]\n  env: {\n    k: v\n  }") == #"{"spec":{"args":["a"],"env":{"k":"v"}}}"#)
        #expect(YAML.error("spec:\n  args: [\n    a\n ]")?.line == 4)
        #expect(try YAML.json("{url: http://x:8080/a, t: a:b}") == #"{"url":"http://x:8080/a","t":"a:b"}"#)
    }

    @Test("the published liveness tutorial in KYAML (flow style, unquoted keys, trailing commas)")
    func kyaml() throws {
        let text = """
            ---
            {
              apiVersion: "v1",
              spec: {
                containers: [{
                  args: [
                    "/bin/sh",
                  ],
                }],
              },
            }

            """
        #expect(try YAML.json(text) == #"{"apiVersion":"v1","spec":{"containers":[{"args":["/bin/sh"]}]}}"#)
    }

    @Test("plain scalars: multi-line folding, inner ': ' and ' #', colons and dashes inside")
    func plainScalars() throws {
        #expect(try YAML.json("a: one\n  two\n\n  three") == #"{"a":"one two\nthree"}"#)
        #expect(try YAML.json("a: x#y # comment") == #"{"a":"x#y"}"#)
        #expect(try YAML.json("a: -x\nb: :y\nc: ?z\nd: a - b") == #"{"a":"-x","b":":y","c":"?z","d":"a - b"}"#)
        #expect(try YAML.json("cmd: sh -c 'echo hi; exit 0'") == #"{"cmd":"sh -c 'echo hi; exit 0'"}"#)
    }

    @Test("single-quoted scalars: '' escapes a quote, lines fold")
    func singleQuoted() throws {
        #expect(try YAML.json("a: 'it''s'\nb: 'x\n  y\n\n  z'") == #"{"a":"it's","b":"x y\nz"}"#)
        #expect(try YAML.json("a: '\\n'") == #"{"a":"\\n"}"#)
    }

    @Test("double-quoted scalars: every YAML escape")
    func doubleQuotedEscapes() throws {
        // "\\\t" is a backslash before a real tab: YAML's escaped tab.
        let text = #"a: "\0\a\b\t"# + "\\\t" + #"\n\v\f\r\e\ \"\/\\\N\_\L\P\x41\u00e9\U0001F600""#
        let value = try #require(try YAMLReader.read(text).first?.data)
        let expected = "\u{0}\u{7}\u{8}\t\t\n\u{B}\u{C}\r\u{1B} \"/\\\u{85}\u{A0}\u{2028}\u{2029}A\u{E9}\u{1F600}"
        #expect(value == .object([YAMLData.Member(key: "a", value: .string(expected))]))
        #expect(try YAML.json("a: \"x\\\n   y\"") == #"{"a":"xy"}"#)
        #expect(try YAML.json("a: \"x\n   y\"") == #"{"a":"x y"}"#)
    }

    @Test("\\' is accepted in double quotes by kubectl's reading, refused by strict escapes")
    func singleQuoteEscape() throws {
        #expect(try YAML.json(#"a: "it\'s""#) == #"{"a":"it's"}"#)
        let error = try #require(YAML.error(#"a: "it\'s""#, .core12))
        #expect(error.line == 1 && error.column == 7)
        #expect(error.reason.hasPrefix("invalid escape '\\''"))
    }

    @Test("literal and folded block scalars with chomping and indentation indicators")
    func blockScalars() throws {
        #expect(try YAML.json("a: |\n  x\n   y\n\n  z\n\n") == #"{"a":"x\n y\n\nz\n"}"#)
        #expect(try YAML.json("a: |-\n  x\n\n") == #"{"a":"x"}"#)
        #expect(try YAML.json("a: |+\n  x\n\n") == #"{"a":"x\n\n"}"#)
        #expect(try YAML.json("a: >\n  one\n  two\n\n  three\n    more\n  four\n") == #"{"a":"one two\nthree\n  more\nfour\n"}"#)
        #expect(try YAML.json("a: |2\n    x\n  y\n") == #"{"a":"  x\ny\n"}"#)
        #expect(try YAML.json("a: >-2\n   x\n") == #"{"a":" x"}"#)
        #expect(try YAML.json("a: |\n  # not a comment\nb: |\n\nc: 1") == ##"{"a":"# not a comment\n","b":"","c":1}"##)
        #expect(try YAML.json("- |\n  x\n- >\n  y\n") == #"["x\n","y\n"]"#)
    }

    @Test("comments anywhere a separation is allowed")
    func comments() throws {
        let text = """
            # head
            a: 1 # trailing
            # between
            b: [x, # inside flow
                z]
              # indented comment
            """
        #expect(try YAML.json(text) == #"{"a":1,"b":["x","z"]}"#)
    }

    @Test("anchors and aliases, on scalars and collections")
    func anchors() throws {
        #expect(try YAML.json("a: &x 1\nb: *x\nc: &l [p, q]\nd: *l") == #"{"a":1,"b":1,"c":["p","q"],"d":["p","q"]}"#)
        #expect(try YAML.json("a: &m\n  k: v\nb: *m") == #"{"a":{"k":"v"},"b":{"k":"v"}}"#)
        #expect(try YAML.json("&k key: value\nother: *k") == #"{"key":"value","other":"key"}"#)
    }

    @Test("documents: ---, ..., several, empty ones, directives")
    func documents() throws {
        #expect(try YAML.json("a: 1\n---\nb: 2\n...\n---\nc: 3\n") == "{\"a\":1}\n{\"b\":2}\n{\"c\":3}")
        let empty = try YAMLReader.read("---\n---\na: 1\n")
        #expect(empty.map(\.hasContent) == [false, true])
        #expect(try YAMLReader.read("# nothing but a comment\n").isEmpty)
        #expect(try YAML.json("%YAML 1.2\n%TAG !e! tag:example.com,2000:\n--- !e!x a\n") == #""a""#)
        #expect(try YAML.json("--- |\n  text\n--- >-\n  more\n") == "\"text\\n\"\n\"more\"")
    }

    @Test("tags: !!str, !!int, !!bool, !!float, !!null, and local tags")
    func tags() throws {
        #expect(try YAML.json("a: !!str 12\nb: !!int \"12\"\nc: !!float 1\nd: !!bool true\ne: !!null ''\nf: !local 1") == #"{"a":"12","b":12,"c":1,"d":true,"e":null,"f":"1"}"#)
        #expect(try YAML.json("! 12") == #""12""#)
    }

    @Test("CRLF line breaks and a byte-order mark read like LF")
    func lineBreaks() throws {
        #expect(try YAML.json("\u{FEFF}a: 1\r\nb: |\r\n  x\r\n") == #"{"a":1,"b":"x\n"}"#)
    }

    @Test("node positions are 1-based lines and columns")
    func positions() throws {
        let document = try #require(try YAMLReader.parse(Array("a:\n  - x\n  - {b: 1}\n".utf8)).first)
        guard case .mapping(let pairs) = document.root.content, case .sequence(let items) = pairs[0].value.content else {
            Issue.record("unexpected tree")
            return
        }
        #expect(pairs[0].key.position == YAMLPosition(line: 1, column: 1))
        #expect(items.map(\.position) == [YAMLPosition(line: 2, column: 5), YAMLPosition(line: 3, column: 5)])
    }
}
