// kubelet-lite — SubdirectoryTests.swift
// SecureDirectory.subdirectory: made if missing, and it says whether this call made it.

import Glibc
@testable import KubeletLiteRuntime
import Testing

@Suite struct SubdirectoryTests {
    @Test func itSaysWhetherThisCallMadeTheDirectory() throws {
        let root = AtomicWriteTests.scratch()
        defer { rmdir(root + "/logs"); rmdir(root) }
        let dir = try SecureDirectory.root(root, create: false)
        let first = try dir.subdirectory("logs")
        #expect(first.created)
        #expect(first.dir.entries().isEmpty)
        let second = try dir.subdirectory("logs")
        #expect(!second.created, "it existed already")
        var st = stat()
        #expect(stat(root + "/logs", &st) == 0 && st.st_mode & 0o777 == 0o700)
    }

    @Test func aLinkInTheWayIsRefusedNotFollowed() throws {
        let root = AtomicWriteTests.scratch()
        let target = AtomicWriteTests.scratch()
        defer { unlink(root + "/logs"); rmdir(root); rmdir(target) }
        #expect(symlink(target, root + "/logs") == 0)
        let dir = try SecureDirectory.root(root, create: false)
        #expect(throws: StateDirectoryError.self) { _ = try dir.subdirectory("logs") }
    }
}
