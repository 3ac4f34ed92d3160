// kubelet-lite — LogStreamTests.swift
// A container's output stream: CRI-format lines, partial records, the last unterminated line, echo.

import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

@Suite struct LogStreamTests {
    /// Feeds `chunks` through a LogStream into a scratch log file and returns the file's records.
    func records(_ chunks: [[UInt8]], echo: TerminalOutput? = nil) throws -> [String] {
        var template = Array("/tmp/kl-logstream-XXXXXX".utf8CString)
        let dir = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
        defer { _ = system("rm -rf '\(dir)'") }
        let file = try LogFile(path: dir + "/0.log")
        let pipe = TestPipe()
        let stream = LogStream(fd: pipe.read, stream: "stdout", file: file, echo: EchoTarget(output: echo, prefix: Array("[c] ".utf8)))
        let now = { Instant.seconds(1_800_000_000) }
        for chunk in chunks {
            writeAll(pipe.write, chunk)
            #expect(stream.drain(now: now))
        }
        Glibc.close(pipe.write)
        // End of file comes once no process holds the write end: a child another test is spawning
        // at this moment holds a copy until its exec closes it (close-on-exec), so wait for it.
        var p = pollfd(fd: pipe.read, events: Int16(POLLIN), revents: 0)
        _ = poll(&p, 1, 10_000)
        #expect(!stream.drain(now: now))  // end of file
        stream.close()
        let text = String(decoding: readFile(dir + "/0.log") ?? [], as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func eachLineIsOneFullRecordWithTimestampAndStream() throws {
        let lines = try records([Array("one\ntwo\n".utf8)])
        #expect(lines == ["2027-01-15T08:00:00.000000000Z stdout F one", "2027-01-15T08:00:00.000000000Z stdout F two"])
    }

    @Test func aLineSplitAcrossReadsIsJoined() throws {
        let lines = try records([Array("hel".utf8), Array("lo\nwor".utf8), Array("ld\n".utf8)])
        #expect(lines.map { $0.split(separator: " ", maxSplits: 3).last.map(String.init) } == ["hello", "world"])
    }

    @Test func aLastLineWithoutNewlineIsKeptAtEndOfFile() throws {
        let lines = try records([Array("no newline".utf8)])
        #expect(lines.count == 1)
        #expect(lines.first?.hasSuffix(" stdout F no newline") == true)
    }

    @Test func aLineOver16KiBIsSplitIntoPartialRecords() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 40 * 1024) + [0x0A]
        let lines = try records([long])
        try #require(lines.count == 3, "records: \(lines.map { $0.prefix(50) })")
        #expect(lines.map { $0.split(separator: " ")[2] } == ["P", "P", "F"])
        #expect(lines.map { $0.utf8.count } == [16 * 1024 + 40, 16 * 1024 + 40, 8 * 1024 + 40])
        #expect(CRILog.lines(Array((lines.joined(separator: "\n") + "\n").utf8)) == [String(repeating: "x", count: 40 * 1024)])
    }
}
