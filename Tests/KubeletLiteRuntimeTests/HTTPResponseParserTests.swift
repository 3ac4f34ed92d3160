// kubelet-lite — HTTPResponseParserTests.swift
// Response framing and Go's error texts, byte by byte, without sockets.

@testable import KubeletLiteRuntime
import Testing

/// Feeds `chunks` one after another (as separate reads), then EOF if `close`; returns the last
/// event and the parser.
private func parse(_ chunks: [String], close: Bool = false, maxBody: Int = 10240, maxHead: Int = 1 << 20)
    -> (HTTPResponseParser.Event, HTTPResponseParser) {
    var p = HTTPResponseParser(maxBody: maxBody, maxHead: maxHead)
    var last = HTTPResponseParser.Event.needMore
    outer: for c in chunks {
        p.append(Array(c.utf8))
        while true {
            last = p.advance()
            switch last {
            case .headComplete: continue
            case .needMore: continue outer
            case .bodyComplete, .failed: break outer
            }
        }
    }
    if close, last == .needMore { last = p.endOfStream() }
    return (last, p)
}

private func failure(_ message: String, inBody: Bool = false) -> HTTPResponseParser.Event {
    .failed(.init(message: message, inBody: inBody))
}

/// The response reader fed by hand: framing, limits, and each Go error text it reproduces.
struct HTTPResponseParserTests {
    @Test func contentLengthBodySplitAcrossReads() {
        let (event, p) = parse(["HTTP/1.1 200 OK\r\nContent-Le", "ngth: 5\r\nX-A: 1\r\n\r\nhe", "llo", "ignored"])
        #expect(event == .bodyComplete)
        #expect(p.head?.status == 200)
        #expect(p.head?.first("X-A") == "1")
        #expect(p.body == Array("hello".utf8))
    }

    @Test func bareLineFeedsAndFoldedHeaders() {
        let (event, p) = parse(["HTTP/1.0 204 No Content\nx-long: a\n  b\n\n"])
        #expect(event == .bodyComplete)
        #expect(p.head?.first("X-Long") == "a b")
        #expect(p.body.isEmpty)
    }

    @Test func readUntilClose() {
        let (event, p) = parse(["HTTP/1.1 200 OK\r\n\r\npart one, ", "part two"], close: true)
        #expect(event == .bodyComplete)
        #expect(p.body == Array("part one, part two".utf8))
    }

    @Test func chunkedWithExtensionsAndTrailers() {
        let (event, p) = parse(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                                "3;name=v\r\nabc\r\n", "A  \r\n0123456789\r", "\n0\r\nTrailer: x\r\n\r\n"])
        #expect(event == .bodyComplete)
        #expect(p.body == Array("abc0123456789".utf8))
    }

    @Test func informationalResponsesAreSkipped() {
        let (event, p) = parse(["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n",
                                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"])
        #expect(event == .bodyComplete)
        #expect(p.head?.status == 404)
        #expect(p.head?.first("Link") == nil)
    }

    @Test func bodyStopsAtTheLimitWithoutWaitingForTheRest() {
        let (event, p) = parse(["HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", String(repeating: "x", count: 9)],
                               maxBody: 8)
        #expect(event == .bodyComplete)
        #expect(p.body.count == 8)
    }

    @Test(arguments: [
        ("xyz\r\n\r\n", "malformed HTTP response \"xyz\""),
        ("HTTP/1.1 xyz Bad\r\n\r\n", "malformed HTTP status code \"xyz\""),
        ("HTTP/1.1 2000 OK\r\n\r\n", "malformed HTTP status code \"2000\""),
        ("HTTP/1.1 -10 OK\r\n\r\n", "malformed HTTP status code \"-10\""),
        ("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", "malformed HTTP status code \"Debian-2\""),
        ("HTTP/1.10 200 OK\r\n\r\n", "malformed HTTP version \"HTTP/1.10\""),
        ("ICY 200 OK\r\n\r\n", "malformed HTTP version \"ICY\""),
        ("HTTP/1.1 200 OK\r\n bad-start\r\n\r\n", "malformed MIME header initial line:  bad-start"),
        ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed MIME header line: no colon here"),
        ("HTTP/1.1 200 OK\r\nBad Name: v\r\n\r\n", "malformed MIME header line: Bad Name: v"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
         "http: message cannot contain multiple Content-Length headers; got [\"1\" \"2\"]"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length \"-1\""),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported transfer encoding: \"gzip\""),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
         "too many transfer encodings: [\"chunked\" \"chunked\"]"),
    ])
    func malformedHeads(response: String, message: String) {
        let (event, _) = parse([response])
        #expect(event == failure(message))
    }

    @Test func statusLineQuotingEscapesLikeGo() {
        let (event, _) = parse(["\u{1b}[31mhi\t\"there\"\u{7f}\r\n"])
        #expect(event == failure("malformed HTTP response \"\\x1b[31mhi\\t\\\"there\\\"\\x7f\""))
    }

    @Test func endOfStreamCases() {
        #expect(parse([], close: true).0 == .failed(.init(message: "EOF", inBody: false, beforeFirstByte: true)))
        #expect(parse(["HTTP/1.1 200 OK\r\nContent-"], close: true).0 == failure("unexpected EOF"))
        // Go judges a status line cut short by EOF as a status line.
        #expect(parse(["HTTP/1.1 20"], close: true).0 == failure("malformed HTTP status code \"20\""))
        #expect(parse(["HTTP/1.1 200 OK"], close: true).0 == failure("unexpected EOF"))
        #expect(parse(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"], close: true).0
            == failure("unexpected EOF", inBody: true))
        #expect(parse(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"], close: true).0
            == failure("unexpected EOF", inBody: true))
    }

    @Test(arguments: [
        ("zz\r\n", "invalid byte in chunk length"),
        ("\r\n", "empty hex number for chunk length"),
        ("11111111111111111\r\n", "http chunk length too large"),
        ("3\r\nabcXY", "malformed chunked encoding"),
    ])
    func chunkedErrorsAreBodyErrors(chunk: String, message: String) {
        let (event, _) = parse(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", chunk])
        #expect(event == failure(message, inBody: true))
    }

    @Test func headLimit() {
        let (event, _) = parse(["HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 200)], maxHead: 100)
        #expect(event == failure("net/http: server response headers exceeded 100 bytes; aborted"))
    }
}
