// kubelet-lite — QuantityTests.swift
// resource.Quantity against apimachinery's own test vectors (quantity_test.go): parsing, the
// canonical and cached spellings, Value/MilliValue, rounding, sums, and inputs that must not trap.

import KubeletLiteModel
import Testing

/// One parse: the input, Go's `String()`, the canonical form, and the format.
struct ParseCase: Sendable, CustomStringConvertible {
    let input: String
    let string: String
    let canonical: String
    let format: Quantity.Format

    init(_ input: String, _ canonical: String, _ format: Quantity.Format = .decimalSI, string: String? = nil) {
        self.input = input
        self.canonical = canonical
        self.format = format
        self.string = string ?? canonical
    }

    var description: String { input }
}

/// Quantity parsing, printing and arithmetic.
@Suite("Quantities")
struct QuantityTests {
    static let parses: [ParseCase] = [
        ParseCase("0", "0"), ParseCase("0n", "0"), ParseCase("0m", "0"), ParseCase("0Ki", "0", .binarySI),
        ParseCase("0T", "0"), ParseCase("0Ti", "0", .binarySI), ParseCase("1", "1"),
        ParseCase("1Ki", "1Ki", .binarySI), ParseCase("8Ki", "8Ki", .binarySI), ParseCase("7Mi", "7Mi", .binarySI),
        ParseCase("6Gi", "6Gi", .binarySI), ParseCase("5Ti", "5Ti", .binarySI), ParseCase("4Pi", "4Pi", .binarySI),
        ParseCase("3Ei", "3Ei", .binarySI), ParseCase("100Ti", "100Ti", .binarySI),
        ParseCase("5n", "5n"), ParseCase("4u", "4u"), ParseCase("3m", "3m"), ParseCase("9", "9"),
        ParseCase("8k", "8k"), ParseCase("50k", "50k"), ParseCase("7M", "7M"), ParseCase("6G", "6G"),
        ParseCase("5T", "5T"), ParseCase("40T", "40T"), ParseCase("300T", "300T"), ParseCase("2P", "2P"),
        ParseCase("1E", "1E"), ParseCase("12E", "12E"),
        ParseCase("1E-3", "1e-3", .decimalExponent, string: "1E-3"), ParseCase("1e3", "1e3", .decimalExponent),
        ParseCase("1E6", "1e6", .decimalExponent, string: "1E6"), ParseCase("1E18", "1e18", .decimalExponent, string: "1E18"),
        ParseCase("1e14", "100e12", .decimalExponent), ParseCase("1e13", "10e12", .decimalExponent),
        ParseCase("100.035k", "100035", string: "100.035k"),
        ParseCase("0.001", "1m"), ParseCase("0.0005k", "500m"), ParseCase("0.5", "500m"), ParseCase("0.05000", "50m"),
        ParseCase("0.5e0", "500e-3", .decimalExponent), ParseCase("0.5e-2", "5e-3", .decimalExponent),
        ParseCase("10.035M", "10035k", string: "10.035M"),
        ParseCase("1.2e3", "1200", .decimalExponent), ParseCase("1.3E+6", "1300e3", .decimalExponent),
        ParseCase("1.53E12", "1530e9", .decimalExponent), ParseCase("1.7E18", "1700e15", .decimalExponent),
        ParseCase("9.01", "9010m"), ParseCase("8.1k", "8100"), ParseCase("7.123456M", "7123456", string: "7.123456M"),
        ParseCase("6.987654321G", "6987654321", string: "6.987654321G"), ParseCase("5.444T", "5444G", string: "5.444T"),
        ParseCase("40.1T", "40100G"), ParseCase("2.5P", "2500T"), ParseCase("1.01E", "1010P"),
        // Things that round up to 1n, or cap at 2^63-1.
        ParseCase("3.001n", "4n"), ParseCase("1.1E-9", "2e-9", .decimalExponent), ParseCase("0.0000000001", "1n"),
        ParseCase("0.00000012345", "124n"), ParseCase("9Ei", "9223372036854775807", .binarySI),
        ParseCase("9223372036854775807Ki", "9223372036854775807", .binarySI),
        // Fractional binary quantities.
        ParseCase("100.035Ki", "102435840m", .binarySI), ParseCase("0.5Mi", "512Ki", .binarySI),
        ParseCase("0.05Gi", "53687091200m", .binarySI), ParseCase("0.025Ti", "27487790694400m", .binarySI),
        ParseCase(".001Ki", "1024m", .binarySI), ParseCase(".000001Ki", "1024u"), ParseCase(".000000001Ki", "1024n"),
        ParseCase("0.000000000001Ki", "2n"), ParseCase("1024Mi", "1Gi", .binarySI), ParseCase("1000M", "1G"),
        // Things written by trolls.
        ParseCase(".001", "1m"), ParseCase(".0001k", "100m"), ParseCase("1.", "1", string: "1."),
        ParseCase("1.G", "1G", string: "1.G"), ParseCase("+1", "1", string: "+1"), ParseCase("01", "1", string: "01"),
        ParseCase("+", "0"), ParseCase(".", "0"), ParseCase("Ki", "0", .binarySI), ParseCase("m", "0"),
    ]

    @Test("parses as apimachinery does", arguments: parses)
    func parse(_ c: ParseCase) throws {
        let q = try Quantity(parsing: c.input)
        #expect(q.canonical == c.canonical)
        #expect(q.description == c.string)
        #expect(q.format == c.format)
        // The negative of every value prints with a minus sign (zero stays "0").
        let negative = try Quantity(parsing: "-" + c.input.drop { $0 == "+" })
        #expect(negative.canonical == (q.isZero ? "0" : "-" + c.canonical))
    }

    @Test("refuses malformed quantities with the API server's error texts")
    func errors() {
        let wrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        for bad in ["", "1.1.M", "1+1.0M", "0.1am", "aoeu", "1KI", " 1", "1 ", "1Gb", "10%"] {
            #expect(throws: QuantityError.formatWrong, "\(bad)") { try Quantity(parsing: bad) }
        }
        #expect(QuantityError.formatWrong.description == wrong)
        for bad in ["0.1mi", ".5i", "1i", "-3.01i", "1ki", "1e", "-3.01e-", "1e+", "1e99999999999999999999"] {
            #expect(throws: QuantityError.suffix, "\(bad)") { try Quantity(parsing: bad) }
        }
        #expect(QuantityError.suffix.description == "unable to parse quantity's suffix")
        // Go's slow path wants a digit: ".e-10" and "Ei" fail there, while ".e-5" and "Ki" are zero.
        for bad in [".e-10", "Ei", "-.Pi"] {
            #expect(throws: QuantityError.numeric, "\(bad)") { try Quantity(parsing: bad) }
        }
        #expect(QuantityError.numeric.description == "unable to parse numeric part of quantity")
        #expect(throws: Never.self) { try Quantity(parsing: ".e-5") }
    }

    @Test("Value and MilliValue round up away from zero")
    func values() throws {
        let q = { (s: String) throws -> Quantity in try Quantity(parsing: s) }
        #expect(try q("1.5").value == 2)
        #expect(try q("1.5").milliValue == 1500)
        #expect(try q("0.1m").milliValue == 1)
        #expect(try q("100m").milliValue == 100)
        #expect(try q("-1.5").value == -2)
        #expect(try q("1Gi").value == 1_073_741_824)
        #expect(try q("128974848").value == 128_974_848)
        #expect(try q("129e6").value == 129_000_000)
        #expect(try q("123Mi").value == 128_974_848)
        #expect(try q("1n").value == 1)
        #expect(try q("9223372036854775807").value == .max)
        #expect(try q("9223372036854775807").milliValue == .max)
        #expect(try q("-9223372036854775808").value == .min)
        #expect(try q("2.5").scaledValue(0) == 3)
    }

    @Test("huge quantities saturate instead of trapping")
    func saturation() throws {
        for text in ["9223372036854775808", "100E", "1e100", "1e2147483647", "99999999999999999999999999999999999999999999"] {
            let q = try Quantity(parsing: text)
            #expect(q.value == .max, "\(text)")
            #expect(q.milliValue == .max, "\(text)")
            #expect(try Quantity(parsing: "-" + text).value == .min, "\(text)")
        }
        #expect(try Quantity(parsing: "1e-2147483648").milliValue == 1)
        // Go narrows the exponent to int32 by truncation: 2^32 wraps to 0.
        #expect(try Quantity(parsing: "1e4294967296").value == 1)
        // A decimal exponent past E has no DecimalSI suffix in Go's table: 1000E prints as "1".
        #expect(try Quantity(parsing: "1000E").description == "1")
        #expect(try Quantity(parsing: "1e21").description == "1e21")
    }

    @Test("RoundUp rounds away from zero and keeps Go's cached spelling only at a coarser scale")
    func roundUp() throws {
        let cases: [(String, Int, String)] = [
            ("9.01", -3, "9010m"), ("9.01", -2, "9010m"), ("9.01", -1, "9100m"), ("9.01", 0, "10"),
            ("9.01", 1, "10"), ("9.01", 2, "100"), ("-9.01", 0, "-10"), ("-9.01", -1, "-9100m"),
        ]
        for (text, scale, expected) in cases {
            #expect(try Quantity(parsing: text).roundedUp(toScale: scale).canonical == expected, "\(text) \(scale)")
        }
        #expect(try Quantity(parsing: "0.1m").roundedUp(toScale: -3).description == "1m")
        #expect(try Quantity(parsing: "1.").roundedUp(toScale: -3).description == "1.")
        #expect(try Quantity(parsing: "1.000001").description == "1.000001")
        #expect(try Quantity(parsing: "1.000001").roundedUp(toScale: -3).description == "1001m")
    }

    @Test("comparison and equality are by value")
    func comparison() throws {
        #expect(try Quantity(parsing: "10000T") > Quantity(parsing: "100Gi"))
        #expect(try Quantity(parsing: "1Gi") == Quantity(parsing: "1024Mi"))
        #expect(try Quantity(parsing: "100m") < Quantity(parsing: "0.2"))
        #expect(try Quantity(parsing: "-1") < Quantity.zero)
        #expect(try Quantity(parsing: "1e2000000000") > Quantity(parsing: "1e1999999999"))
        #expect(Set([try Quantity(parsing: "1k"), try Quantity(parsing: "1000"), try Quantity(parsing: "1e3")]).count == 1)
    }

    @Test("sums are exact and keep the left operand's format")
    func sums() throws {
        #expect(try (Quantity(parsing: "1Gi") + Quantity(parsing: "512Mi")).description == "1536Mi")
        #expect(try (Quantity(parsing: "100m") + Quantity(parsing: "0.9")).description == "1")
        #expect(try (Quantity.zero + Quantity(parsing: "1Gi")).description == "1Gi")
        #expect(try (Quantity(parsing: "1") + Quantity(parsing: "-1.5")).description == "-500m")
        #expect(try (Quantity(parsing: "1E") + Quantity(parsing: "1n")).canonical == "1000000000000000000000000001n")
        // Operands far apart stay cheap: the smaller one becomes one unit 2048 digits down.
        let far = try Quantity(parsing: "1e2000000000") + Quantity(parsing: "1")
        #expect(far > (try Quantity(parsing: "1e2000000000")))
    }

    @Test("JSON values read as UnmarshalJSON reads them")
    func json() throws {
        #expect(try Quantity(json: .string(" 1 ")).description == "1")
        #expect(try Quantity(json: .number("1.5")).description == "1500m")
        #expect(try Quantity(json: .number("1e3")).description == "1e3")
        #expect(try Quantity(json: .null) == .zero)
        #expect(throws: QuantityError.formatWrong) { try Quantity(json: .bool(true)) }
        #expect(throws: QuantityError.formatWrong) { try Quantity(json: .object(JSONObject())) }
        #expect(throws: QuantityError.formatWrong) { try Quantity(json: .string("   ")) }
    }

    @Test("integer constructors")
    func constructors() {
        #expect(Quantity(1024, format: .binarySI).description == "1Ki")
        #expect(Quantity(1000).description == "1k")
        #expect(Quantity(milli: 1500).description == "1500m")
        #expect(Quantity(milli: 1024, format: .binarySI).description == "1024m")
        #expect(Quantity(.min).value == .min)
    }
}
