// kubelet-lite — YAMLSchemaTests.swift
// Plain scalars as kubectl resolves them (go-yaml v2, YAML 1.1 habits) and as the YAML 1.2 core
// schema does; keys, merge keys, and the surprises a user should hear about.

import KubeletLiteYAML
import Testing

/// Resolution tables of both schemas.
@Suite("YAML schemas")
struct YAMLSchemaTests {
    /// (plain scalar, kubectl's JSON, YAML 1.2 core's JSON)
    static let table: [(String, String, String)] = [
        ("yes", "true", #""yes""#), ("No", "false", #""No""#), ("on", "true", #""on""#), ("OFF", "false", #""OFF""#),
        ("y", "true", #""y""#), ("N", "false", #""N""#), ("true", "true", "true"), ("False", "false", "false"),
        ("TRUE", "true", "true"), ("tRUE", #""tRUE""#, #""tRUE""#),
        ("~", "null", "null"), ("null", "null", "null"), ("Null", "null", "null"), ("NULL", "null", "null"),
        ("0644", "420", "644"), ("-010", "-8", "-10"), ("09", "9", "9"), ("0", "0", "0"), ("+12", "12", "12"),
        ("0x1F", "31", "31"), ("0o17", "15", "15"), ("0b101", "5", #""0b101""#), ("1_000", "1000", #""1_000""#),
        ("1.0", "1", "1"), ("1.5", "1.5", "1.5"), (".5", "0.5", "0.5"), ("1e3", "1000", "1000"), ("-1.", "-1", "-1"),
        ("1e-7", "1e-7", "1e-7"), ("1e21", "1e+21", "1e+21"), ("123456789.125", "123456789.125", "123456789.125"),
        ("9223372036854775807", "9223372036854775807", "9223372036854775807"),
        ("18446744073709551615", "18446744073709551615", "18446744073709551615"),
        ("0xFFFFFFFFFFFFFFFFFF", "4722366482869645213695", "4722366482869645213695"),
        ("2001-12-14", #""2001-12-14""#, #""2001-12-14""#), ("1:20", #""1:20""#, #""1:20""#),
        ("0x", #""0x""#, #""0x""#), ("1e", #""1e""#, #""1e""#), ("._1", #""._1""#, #""._1""#),
        ("<<", #""<<""#, #""<<""#), ("=", #""=""#, #""=""#),
    ]

    @Test("plain scalars resolve as kubectl and as YAML 1.2 core do", arguments: YAMLSchemaTests.table)
    func resolution(_ row: (String, String, String)) throws {
        #expect(try YAML.json("a: \(row.0)") == "{\"a\":\(row.1)}", "kubectl")
        #expect(try YAML.json("a: \(row.0)", .core12) == "{\"a\":\(row.2)}", "core 1.2")
    }

    @Test("quoted and block scalars are never resolved")
    func quotedStaysString() throws {
        #expect(try YAML.json("a: 'yes'\nb: \"0644\"\nc: |-\n  true") == #"{"a":"yes","b":"0644","c":"true"}"#)
    }

    @Test(".inf and .nan cannot become JSON; the refusal names the line")
    func infinity() throws {
        let error = try #require(YAML.error("a: 1\nb: .inf"))
        #expect(error.line == 2 && error.column == 4 && error.kind == .data)
    }

    @Test("keys become strings as sigs.k8s.io/yaml makes them")
    func keys() throws {
        #expect(try YAML.json("12: a\n1.5: b\n1e6: c\nyes: d\n'q': e") == #"{"12":"a","1.5":"b","1e+06":"c","true":"d","q":"e"}"#)
        #expect(YAML.error("~: a")?.reason.contains("cannot be a JSON key") == true)
        #expect(YAML.error("[a]: b")?.reason.contains("must be a scalar") == true)
        #expect(YAML.error("12: a", .core12) != nil)
    }

    @Test("a duplicate key is refused with both lines")
    func duplicateKeys() throws {
        let error = try #require(YAML.error("a: 1\nb: 2\na: 3"))
        #expect(error.line == 3 && error.reason == #"duplicate mapping key "a" (first at line 1)"#)
        #expect(YAML.error("yes: 1\ntrue: 2")?.reason == #"duplicate mapping key "true" (first at line 1)"#)
    }

    @Test("merge keys: explicit keys win, earlier sources win, keys land where '<<' was")
    func mergeKeys() throws {
        let text = """
            base: &b {x: 1, v: 2}
            more: &m {v: 8, w: 9}
            one:
              z: 0
              <<: *b
              v: 3
            many:
              <<: [*b, *m]
            """
        #expect(try YAML.json(text) == #"{"base":{"x":1,"v":2},"more":{"v":8,"w":9},"one":{"z":0,"x":1,"v":3},"many":{"x":1,"v":2,"w":9}}"#)
        #expect(try YAML.json("a:\n  <<: {x: 1}", .core12) == #"{"a":{"<<":{"x":1}}}"#)
        #expect(YAML.error("a:\n  <<: 1")?.reason.contains("merge key") == true)
    }

    @Test("explicit tags that do not fit the value are refused as go-yaml refuses them")
    func tagMismatch() throws {
        #expect(YAML.error("a: !!int abc")?.reason == "cannot decode !!str `abc` as a !!int")
        #expect(try YAML.json("a: !!float 3") == #"{"a":3}"#)
        #expect(try YAML.json("a: !!binary aGVsbG8=") == #"{"a":"hello"}"#)
    }

    @Test("surprises: the 1.1 readings a user may not expect, with path and position")
    func surprises() throws {
        let text = """
            env:
            - name: DEBUG
              value: yes
            mode: 0644
            port: 8080
            flag: true
            list: [on, 1_000, 09]
            """
        let document = try #require(try YAMLReader.read(text).first)
        let found = document.surprises.map { "\($0.position.line):\($0.fieldPath)=\($0.text)->\($0.reading)" }
        #expect(found == ["3:env[0].value=yes->boolean(true)", "4:mode=0644->octal(\"420\")",
                          "7:list[0]=on->boolean(true)", "7:list[1]=1_000->number(\"1000\")"])
        #expect(try YAMLReader.read(text, options: .core12).first?.surprises.isEmpty == true)
    }

    @Test("a surprising key is reported at the path of its value")
    func surprisingKey() throws {
        let surprise = try #require(try YAMLReader.read("labels:\n  on: x").first?.surprises.first)
        #expect(surprise.fieldPath == "labels.true" && surprise.isKey && surprise.text == "on")
    }
}
