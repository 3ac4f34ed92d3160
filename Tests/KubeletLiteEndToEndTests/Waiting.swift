// kubelet-lite — Waiting.swift (end-to-end)
// How the end-to-end tests wait (style.md §3, "tests that wait for events, not time"): one
// `waitUntil` on an observable fact, exits seen by a thread blocked in waitpid, work that blocks
// kept off Swift Testing's cooperative pool, and the slots that bound how many pods run at once.

import Glibc
import Testing

/// Waits until `condition` holds, or fails the test at the deadline. The one way these tests wait.
///
/// `condition` states an observable fact and may also record what it sees on the way (a status
/// seen, a state never to be seen). It is checked every 20 ms on a thread of its own (every 50 ms
/// after the first 2 s: the long waits are for timers of seconds, and each check costs CPU the
/// other tests need), so a wait neither holds a thread of Swift Testing's cooperative pool (two
/// on two cores) nor is delayed by it. `deadline` (seconds) is a failure bound, never a synchronisation: it is generous so
/// that load never reaches it while the behaviour is right.
/// - Returns: true once `condition` held; false (with an issue naming `what`) at the deadline.
@discardableResult
func waitUntil(_ what: String, deadline: Double = E2E.deadline, context: @autoclosure () -> String = "",
               sourceLocation: SourceLocation = #_sourceLocation, _ condition: @escaping () -> Bool) async -> Bool {
    let held = await offPool {
        let start = E2E.now()
        let end = start + deadline
        while !condition() {
            let now = E2E.now()
            if now >= end { return condition() }
            usleep(now - start < 2 ? 20_000 : 50_000)
        }
        return true
    }
    if !held {
        let more = context()
        Issue.record("waited \(deadline) s for: \(what)\(more.isEmpty ? "" : "\n" + more)", sourceLocation: sourceLocation)
    }
    return held
}

/// Runs blocking `body` on a thread of its own and awaits its result. Blocking work (a wait, a
/// `system()` call) done on the cooperative pool would stall every other test for its duration.
/// Sound: `result` is written before `resume()`, which orders it before the awaiting read; the
/// job is retained until its thread has run.
func offPool<T>(_ body: @escaping () -> T) async -> T {
    let job = ThreadJob<T>(body)
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        job.done = c
        detachThread { job.run() }
    }
    return job.result!
}

private final class ThreadJob<T>: @unchecked Sendable {
    let body: () -> T
    var result: T?
    var done: CheckedContinuation<Void, Never>?

    init(_ body: @escaping () -> T) { self.body = body }

    func run() {
        result = body()
        done?.resume()
    }
}

/// Starts a detached thread running `body`.
func detachThread(_ body: @escaping () -> Void) {
    var tid = pthread_t()
    let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    let rc = pthread_create(&tid, nil, { p in
        Unmanaged<ThreadBody>.fromOpaque(p!).takeRetainedValue().body()
        return nil
    }, box)
    precondition(rc == 0, "pthread_create: \(rc)")
    pthread_detach(tid)
}

private final class ThreadBody {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// A counting semaphore for async code: `acquire` suspends (holding no thread) until a slot is
/// free; a freed slot goes to the waiter of highest priority (the first come among equals).
final class Slots: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var free: Int
    private var waiting: [(priority: Double, turn: Int, waiter: CheckedContinuation<Void, Never>)] = []
    private var turns = 0
    /// Waiters for every slot at once (`acquireAll`), served when all are free and no one else waits.
    private var wholeWaiters: [CheckedContinuation<Void, Never>] = []

    /// How many slots there are in all.
    let count: Int

    init(_ count: Int) {
        self.count = max(1, count)
        free = self.count
        pthread_mutex_init(&mutex, nil)
    }

    func acquire(priority: Double = 0) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            pthread_mutex_lock(&mutex)
            if free > 0 {
                free -= 1
                pthread_mutex_unlock(&mutex)
                c.resume()
            } else {
                turns += 1
                waiting.append((priority, turns, c))
                pthread_mutex_unlock(&mutex)
            }
        }
    }

    /// Takes every slot at once, when all are free and no test waits for one: holding some while
    /// waiting for the rest would leave the other tests one slot (a suite ran for 8 minutes so).
    func acquireAll() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            pthread_mutex_lock(&mutex)
            if free == count && waiting.isEmpty {
                free = 0
                pthread_mutex_unlock(&mutex)
                c.resume()
            } else {
                wholeWaiters.append(c)
                pthread_mutex_unlock(&mutex)
            }
        }
    }

    func release() {
        pthread_mutex_lock(&mutex)
        guard let best = waiting.indices.max(by: { a, b in
            (waiting[a].priority, -waiting[a].turn) < (waiting[b].priority, -waiting[b].turn)
        }) else {
            free += 1
            if free == count, !wholeWaiters.isEmpty {
                let whole = wholeWaiters.removeFirst()
                free = 0
                pthread_mutex_unlock(&mutex)
                whole.resume()
                return
            }
            pthread_mutex_unlock(&mutex)
            return
        }
        let next = waiting.remove(at: best).waiter
        pthread_mutex_unlock(&mutex)
        next.resume()
    }
}

// MARK: - Exits

/// The exit of one child, seen by a thread blocked in `waitpid` (shared by that thread and its `Supervisor`).
final class ExitWatch: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var cond = pthread_cond_t()
    private var _status: Int32?
    private var _at: Double?

    init(pid: pid_t) {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&cond, nil)
        detachThread { [self] in
            var st: Int32 = 0
            while waitpid(pid, &st, 0) < 0 && errno == EINTR {}
            let status = (st & 0x7f) == 0 ? (st >> 8) & 0xff : 128 + (st & 0x7f)
            pthread_mutex_lock(&mutex)
            _status = status
            _at = wallNow()
            pthread_cond_broadcast(&cond)
            pthread_mutex_unlock(&mutex)
        }
    }

    /// The exit status (128+n for a signal) and the wall-clock time it was reaped, if it exited.
    var exit: (status: Int32, at: Double)? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return _status.map { ($0, _at!) }
    }

    /// Blocks until the exit or `seconds` have passed.
    func wait(seconds: Double) -> (status: Int32, at: Double)? {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let end = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9 + seconds
        ts.tv_sec = Int(end)
        ts.tv_nsec = Int((end - Double(Int(end))) * 1e9)
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while _status == nil {
            if pthread_cond_timedwait(&cond, &mutex, &ts) == ETIMEDOUT { break }
        }
        return _status.map { ($0, _at!) }
    }
}
