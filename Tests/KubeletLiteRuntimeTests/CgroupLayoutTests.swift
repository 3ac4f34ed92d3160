// kubelet-lite — CgroupLayoutTests.swift
// Finding our own cgroups from mountinfo and /proc/self/cgroup, on hybrid and v2-only hosts.

@testable import KubeletLiteRuntime
import Testing

@Suite struct CgroupLayoutTests {
    /// A hybrid host, as this machine kind has it; a mount point with an escaped space; other mounts.
    static let hybrid = """
        22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        35 31 0:32 / /sys/fs/cgroup/mem\\040ory rw,relatime shared:9 master:2 - cgroup cgroup rw,memory
        39 31 0:36 /nested /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """

    @Test func aHybridHostGivesTheUnifiedDirectoryAndEachV1Controller() {
        let membership = "9:name=systemd:/\n4:memory:/svc/a:b\n3:pids:/nested/x\n1:cpu:/\n0::/svc\n"
        let layout = CgroupLayout.parse(mountinfo: Array(Self.hybrid.utf8), membership: Array(membership.utf8))
        #expect(layout.unified == "/sys/fs/cgroup/unified/svc")
        #expect(layout.v1 == ["memory": "/sys/fs/cgroup/mem ory/svc/a:b", "pids": "/sys/fs/cgroup/pids/x",
                              "cpu": "/sys/fs/cgroup/cpu"])
    }

    @Test func aV2OnlyHostHasNoV1AndAMountRootOutsideOurPathShowsNothing() {
        let v2 = "30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
        #expect(CgroupLayout.parse(mountinfo: Array(v2.utf8), membership: Array("0::/user.slice/x.scope\n".utf8))
                == CgroupLayout(unified: "/sys/fs/cgroup/user.slice/x.scope", v1: [:]))
        let pids = CgroupLayout.parse(mountinfo: Array(Self.hybrid.utf8), membership: Array("3:pids:/elsewhere\n".utf8))
        #expect(pids.v1.isEmpty && pids.unified == nil)
    }

    @Test func malformedLinesAreSkipped() {
        let mounts = CgroupMount.parse(Array(("garbage\n1 2 3\n41 31 0:38 / /u rw - cgroup2\n\n" + Self.hybrid).utf8))
        #expect(mounts.map(\.mountPoint) == ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/mem ory", "/sys/fs/cgroup/pids",
                                             "/sys/fs/cgroup/unified"])
    }
}
