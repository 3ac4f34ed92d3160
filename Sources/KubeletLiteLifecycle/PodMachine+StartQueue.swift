// kubelet-lite — PodMachine+StartQueue.swift
// Main container starts overlap, but are told in launch order, as the kubelet's one-by-one starts are (lifecycle §0.2).

import KubeletLiteModel

extension PodMachine {
    /// The runtime answered a start. An init container's answer is taken at once; a main container's
    /// waits until every start launched before it has been told.
    mutating func answerStart(_ i: Int, _ answer: StartAnswer, _ now: Instant) {
        guard records[i].run == .spawning else { return }
        guard startQueue.contains(i) else {
            take(answer, for: i, now)
            return
        }
        records[i].heldAnswer = answer
        tellStartsInOrder(now)
    }

    /// Tells the queued starts from the front: `Created` for the first not yet told, then its answer
    /// if the runtime has given it, and on to the next.
    mutating func tellStartsInOrder(_ now: Instant) {
        while let i = startQueue.first {
            announce(i, now)
            guard let answer = records[i].heldAnswer else { return }
            startQueue.removeFirst()
            records[i].heldAnswer = nil
            take(answer, for: i, now)
            if let exit = records[i].heldExit {
                records[i].heldExit = nil
                containerExited(i, exitCode: exit.exitCode, signal: exit.signal, output: exit.output, now)
            }
        }
    }

    /// An instance ended. One whose start is still held (it exited at once, or was killed while
    /// starting) keeps its exit until the start is told, so the exit is never lost.
    mutating func exitReported(_ i: Int, _ exit: HeldExit, _ now: Instant) {
        if records[i].run == .spawning, startQueue.contains(i) {
            records[i].heldExit = exit
            return
        }
        containerExited(i, exitCode: exit.exitCode, signal: exit.signal, output: exit.output, now)
    }

    /// `Created` for the current instance of container `i`, once (lifecycle §7 step 3). A kill of
    /// an instance launched ahead of its turn tells it first, so `Killing` never comes before it.
    mutating func announce(_ i: Int, _ now: Instant) {
        guard !records[i].announced else { return }
        records[i].announced = true
        emit(.normal, "Created", "Created container \(records[i].spec.name)", records[i].ref, now)
    }

    private mutating func take(_ answer: StartAnswer, for i: Int, _ now: Instant) {
        switch answer {
        case .started(let pid): containerStarted(i, pid: pid, now)
        case .failed(let message): containerStartFailed(i, message: message, now)
        }
    }
}
