// kubelet-lite — TerminalOutputTests.swift
// Our own stdout/stderr: never blocks on a slow reader; container echo is dropped, events never.

import Glibc
import KubeletLiteLifecycle
@testable import KubeletLiteRuntime
import Testing

@Suite struct TerminalOutputTests {
    @Test func aReaderThatNeverReadsNeverBlocksTheWriter() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        let pipe = TestPipe()
        defer { pipe.close() }
        let output = TerminalOutput(fd: pipe.write, loop: loop)
        let chunk = [UInt8](repeating: UInt8(ascii: "e"), count: 64 * 1024)
        // 16 MiB of echo into a 64 KiB pipe nobody reads: every call returns (this test would hang otherwise).
        for _ in 0..<256 { output.write(chunk, droppable: true) }
        output.write("an event line\n")
        // Now the reader catches up: the event arrives, after a note that echo was dropped.
        var received: [UInt8] = []
        try loop.register(pipe.read) { _ in received += pipe.drain() }
        #expect(drive(loop) { String(decoding: received.suffix(14), as: UTF8.self) == "an event line\n" })
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.contains("bytes of container output were not echoed"))
        #expect(received.count < 6 << 20, "the echo backlog is bounded: \(received.count) bytes")
        loop.unregister(pipe.read)
    }

    @Test func aRegularFileIsWrittenDirectly() throws {
        let loop = try EventLoop(clock: RuntimeClock())
        var template = Array("/tmp/kl-termout-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        defer {
            Glibc.close(fd)
            unlink(path)
        }
        let output = TerminalOutput(fd: fd, loop: loop)
        output.write("to a file\n")
        output.finish()
        #expect(readFile(path).map { String(decoding: $0, as: UTF8.self) } == "to a file\n")
    }
}
