// kubelet-lite — PodDirectoryTests.swift
// The pod directory's claim and its pid record (architecture §6.2, §6.4).

import Glibc
@testable import KubeletLiteRuntime
import Testing

@Suite struct PodDirectoryTests {
    @Test func thePidRecordReplacesALongerOneWhole() throws {
        let root = AtomicWriteTests.scratch()
        defer {
            rmdir(root + "/pods")
            rmdir(root)
        }
        let state = StateDirectory(root: root)
        let claimed = try PodDirectory.claim(state, key: "default_web")
        claimed.writePid(123_456_789)
        claimed.release()
        // A later supervisor's shorter pid leaves no digit of the earlier one behind.
        let again = try PodDirectory.claim(state, key: "default_web")
        defer {
            again.removeAll()
            again.release()
        }
        again.writePid(42)
        #expect(AtomicWriteTests.text(state.podDir("default_web") + "/supervisor.pid") == "42\n")
    }
}

