// kubelet-lite — GoldenViewTests.swift
// get and describe of captured pods print, byte for byte, what they printed before the move to typed values.

import KubeletLiteLifecycle
import KubeletLitePresentation
import Testing

@Suite struct GoldenViewTests {
    @Test(arguments: Fixture.names, [true, false])
    func describe(_ name: String, alive: Bool) throws {
        let fixture = Fixture(name: name)
        // Only pods whose view depends on the supervisor have a separate `-false` file.
        let expected = try #require(fixture.text("describe-\(alive).txt") ?? fixture.text("describe-true.txt"))
        let pod = try fixture.pod().shown(alive: alive)
        #expect(DescribeView.render(published: pod, events: fixture.events(), now: Fixture.now) == expected)
    }

    @Test(arguments: Fixture.names, [true, false])
    func getWide(_ name: String, alive: Bool) throws {
        let fixture = Fixture(name: name)
        let expected = try #require(fixture.text("get-wide-\(alive).txt") ?? fixture.text("get-wide-true.txt"))
        let row = PodListView.row(try fixture.pod(), alive: alive, now: Fixture.now, wide: true)
        #expect(PodListView.table([PodListView.header(wide: true), row]) == expected)
    }
}
