// kubelet-lite — EventLoop.swift
// One thread, one epoll set: fd readiness, signals through signalfd, and a timer heap (architecture §4.2).

import CKubeletLiteShims
import Glibc
import KubeletLiteLifecycle

/// The supervisor's single-threaded event loop.
///
/// Nothing sleeps and nothing polls: `epoll_wait` blocks until an fd is ready or the earliest
/// timer is due. That timer is a timerfd armed at the earliest deadline, not epoll's timeout: the
/// kernel lets a timeout run late by a thousandth of its length (2 ms on a 2 s grace period), and
/// epoll's is in whole milliseconds; a timerfd expires at its instant (architecture §4.2).
public final class EventLoop {
    /// A scheduled callback; cancel it by its token.
    public struct TimerToken: Hashable, Sendable { let id: UInt64 }

    /// A timer waiting in the heap: when it is due and which token cancels it.
    private struct TimerEntry {
        var deadline: Instant
        var id: UInt64
    }

    private let epfd: Int32
    private let clock: RuntimeClock
    private var handlers: [Int32: (UInt32) -> Void] = [:]
    /// Descriptors served first in every iteration, whatever else is ready (signals, the control socket).
    private var urgent: Set<Int32> = []
    /// Work postponed to the next iteration, after that iteration's ready descriptors.
    private var deferred: [() -> Void] = []
    private var heap: [TimerEntry] = []
    private var timerCallbacks: [UInt64: () -> Void] = [:]
    private var nextTimerID: UInt64 = 1
    private var stopped = false
    /// The kernel timer for the earliest deadline (-1 without one: then epoll's timeout), and the
    /// deadline it is armed at.
    private let timerFD: Int32
    private var armed: Instant?

    public init(clock: RuntimeClock) throws(SystemError) {
        self.clock = clock
        epfd = kl_epoll_create()
        guard epfd >= 0 else { throw SystemError("epoll_create1") }
        // A timerfd epoll cannot watch would never wake the loop: then there is none (epoll's timeout).
        var fd = kl_timerfd_create()
        if fd >= 0, kl_epoll_ctl(epfd, KL_EPOLL_ADD, fd, KL_EV_IN) != 0 {
            close(fd)
            fd = -1
        }
        timerFD = fd
        // Its expiry only wakes the loop, which then fires whatever is due; the read clears it.
        if fd >= 0 {
            handlers[fd] = { _ in
                var expirations: UInt64 = 0
                _ = read(fd, &expirations, MemoryLayout<UInt64>.size)
            }
        }
    }

    deinit {
        if timerFD >= 0 { close(timerFD) }
        close(epfd)
    }

    public func now() -> Instant { clock.now() }

    /// Watches `fd` for `events` (KL_EV_* bits); the handler gets the ready bits. An `urgent`
    /// descriptor is served before any other in the iteration it is ready in (architecture §4.2).
    public func register(_ fd: Int32, events: UInt32 = KL_EV_IN, urgent: Bool = false,
                         handler: @escaping (UInt32) -> Void) throws(SystemError) {
        guard kl_epoll_ctl(epfd, KL_EPOLL_ADD, fd, events) == 0 else { throw SystemError("epoll_ctl", "add fd \(fd)") }
        handlers[fd] = handler
        if urgent { self.urgent.insert(fd) }
    }

    /// Changes the events watched on a registered `fd` (e.g. from writable to readable).
    public func update(_ fd: Int32, events: UInt32) throws(SystemError) {
        guard kl_epoll_ctl(epfd, KL_EPOLL_MOD, fd, events) == 0 else { throw SystemError("epoll_ctl", "modify fd \(fd)") }
    }

    /// Stops watching `fd` (call before closing it).
    public func unregister(_ fd: Int32) {
        guard handlers.removeValue(forKey: fd) != nil else { return }
        urgent.remove(fd)
        // It can only fail for an fd already closed (EBADF) or not in the set (ENOENT): either way
        // it is no longer watched, which is what was asked.
        if kl_epoll_ctl(epfd, KL_EPOLL_DEL, fd, 0) != 0 { return }
    }

    /// Runs `callback` once at `deadline`.
    @discardableResult
    public func schedule(at deadline: Instant, _ callback: @escaping () -> Void) -> TimerToken {
        let id = nextTimerID
        nextTimerID += 1
        timerCallbacks[id] = callback
        push(TimerEntry(deadline: deadline, id: id))
        return TimerToken(id: id)
    }

    /// Cancels a timer; cancelled entries are skipped when they reach the top of the heap.
    public func cancel(_ token: TimerToken) { timerCallbacks[token.id] = nil }

    /// Runs `work` in the next iteration, once the descriptors ready by then have been served: how a
    /// long task (a storm of exits) yields to signals and the control socket.
    public func soon(_ work: @escaping () -> Void) { deferred.append(work) }

    /// Makes `run` return after the current iteration.
    public func stop() { stopped = true }

    /// Dispatches events until `stop()`; `afterEach` runs once per wake-up (to coalesce status writes).
    public func run(afterEach: () -> Void) {
        var fds = [Int32](repeating: 0, count: 64)
        var evs = [UInt32](repeating: 0, count: 64)
        stopped = false
        while !stopped {
            dropCancelledTop()
            let n = Int(kl_epoll_wait(epfd, &fds, &evs, 64, deferred.isEmpty ? timeout() : 0))
            // Urgent descriptors first, then the rest in the kernel's order (epoll rotates its
            // ready list, so no descriptor starves another).
            for i in 0..<max(n, 0) where urgent.contains(fds[i]) { handlers[fds[i]]?(evs[i]) }
            for i in 0..<max(n, 0) where !urgent.contains(fds[i]) { handlers[fds[i]]?(evs[i]) }
            let work = deferred
            deferred.removeAll()
            for item in work { item() }
            fireDueTimers()
            afterEach()
        }
    }

    /// epoll's timeout in milliseconds for the earliest deadline: 0 once it is due, else -1 with the
    /// timerfd armed at it; without a timerfd, or if arming it failed, the wait rounded up to the
    /// millisecond (the arming is tried again at the next wake-up).
    private func timeout() -> Int32 {
        guard let top = heap.first?.deadline else {
            disarm()
            return -1
        }
        let wait = top.micros - clock.now().micros
        if wait <= 0 { return 0 }
        if timerFD >= 0 && (armed == top || kl_timerfd_arm(timerFD, clock.monotonicMicros(top)) == 0) {
            armed = top
            return -1
        }
        return Int32(min(wait / 1000 + (wait % 1000 > 0 ? 1 : 0), Int64(Int32.max)))
    }

    private func disarm() {
        guard timerFD >= 0, armed != nil else { return }
        _ = kl_timerfd_arm(timerFD, -1)
        armed = nil
    }

    private func fireDueTimers() {
        let now = clock.now()
        while let top = heap.first, top.deadline <= now {
            _ = pop()
            if let callback = timerCallbacks.removeValue(forKey: top.id) { callback() }
        }
    }

    private func dropCancelledTop() {
        while let top = heap.first, timerCallbacks[top.id] == nil { _ = pop() }
    }

    // A binary min-heap on (deadline, id): ties fire in scheduling order.
    private func less(_ a: TimerEntry, _ b: TimerEntry) -> Bool {
        a.deadline == b.deadline ? a.id < b.id : a.deadline < b.deadline
    }

    private func push(_ entry: TimerEntry) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private func pop() -> TimerEntry {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < heap.count && less(heap[l], heap[m]) { m = l }
                if r < heap.count && less(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
