// kubelet-lite — AtomicWriteTests.swift
// pod.json's writes (architecture §6.3): a whole new file in one step, nothing left beside it.

import Glibc
@testable import KubeletLiteRuntime
import Testing

@Suite struct AtomicWriteTests {
    /// A fresh directory under /tmp, removed by the caller.
    static func scratch() -> String {
        var template = Array("/tmp/kl-atomic-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    static func text(_ path: String) -> String? { readFile(path).map { String(decoding: $0, as: UTF8.self) } }

    @Test func eachWriteReplacesTheFileAndLeavesNoTemporary() throws {
        let root = Self.scratch()
        defer { unlink(root + "/pod.json"); rmdir(root) }
        let dir = try SecureDirectory.root(root, create: false)
        try dir.writeAtomically("pod.json", "first")
        // A reader that opened the first version keeps reading all of it, whatever comes after.
        let reader = open(root + "/pod.json", O_RDONLY | O_CLOEXEC)
        #expect(reader >= 0)
        defer { close(reader) }
        try dir.writeAtomically("pod.json", "second, longer")
        try dir.writeAtomically("pod.json", "third")
        #expect(Self.text(root + "/pod.json") == "third")
        #expect(dir.entries().sorted() == ["pod.json"])
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { pread(reader, $0.baseAddress, $0.count, 0) }
        #expect(String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self) == "first")
    }

    @Test func aTemporaryLeftByACrashIsReplaced() throws {
        let root = Self.scratch()
        defer { unlink(root + "/pod.json"); rmdir(root) }
        let dir = try SecureDirectory.root(root, create: false)
        let fd = open(root + "/.pod.json.tmp", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        _ = writeAll(fd, "half a document from a supervisor that died")
        close(fd)
        try dir.writeAtomically("pod.json", "whole")
        #expect(Self.text(root + "/pod.json") == "whole")
        #expect(dir.entries().sorted() == ["pod.json"])
    }

    @Test func aTemporaryLeftAsALinkIsReplacedNotFollowed() throws {
        let root = Self.scratch()
        let target = root + "/target"
        defer {
            for name in ["pod.json", "target"] { unlink(root + "/" + name) }
            rmdir(root)
        }
        let dir = try SecureDirectory.root(root, create: false)
        let fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        _ = writeAll(fd, "untouched")
        close(fd)
        #expect(symlink(target, root + "/.pod.json.tmp") == 0)
        try dir.writeAtomically("pod.json", "one")
        try dir.writeAtomically("pod.json", "two")
        #expect(Self.text(root + "/pod.json") == "two")
        #expect(Self.text(target) == "untouched")
        #expect(dir.entries().sorted() == ["pod.json", "target"])
    }
}
