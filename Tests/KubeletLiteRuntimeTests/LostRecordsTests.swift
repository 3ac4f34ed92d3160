// kubelet-lite — LostRecordsTests.swift
// Lost writes are said once per outage, and an outage ends only with room to spare.

@testable import KubeletLiteRuntime
import Glibc
import Testing

@Suite struct LostRecordsTests {
    /// A full disk lets a short write through now and then: that alone does not end the outage,
    /// so the warning is not said again at the next failure.
    @Test func aWriteThatSlipsThroughOnAFullDiskDoesNotEndTheOutage() {
        var room = false
        var said: [String] = []
        let lost = LostRecords(hasRoom: { room }) { said.append($0) }
        lost.lost(10, .logLines, file: "a container's log", errno: ENOSPC)
        lost.wrote(.logLines)
        lost.lost(5, .logLines, file: "a container's log", errno: ENOSPC)
        #expect(said.count == 1, "\(said)")
        #expect(said.first?.contains("log lines are being lost") == true)
        room = true
        lost.wrote(.logLines)
        #expect(said.count == 2, "\(said)")
        #expect(said.last == "writing log lines works again; lost so far: log lines: 15")
        lost.lost(1, .logLines, file: "a container's log", errno: ENOSPC)
        #expect(said.count == 3, "a new outage is said again: \(said)")
    }

    @Test func theStateDirectorysFilesystemHasRoomHere() {
        #expect(LostRecords.hasRoom(at: "/tmp"))
        #expect(LostRecords.hasRoom(at: "/nonexistent/path"), "unknown: writing is not held back")
    }
}
