// kubelet-lite — PodSupervisor+Publishing.swift
// Publishing events (stdout, events.jsonl, the describe view) and pod.json.

import Glibc
import KubeletLiteLifecycle
import KubeletLiteModel

extension PodSupervisor {
    func publish(_ event: RecordedEvent) {
        let document = PodDocument.event(event, pod: pod, uid: uid, host: placement.nodeName)
        if recentEvents.updateValue(document, forKey: event.name) == nil {
            recentOrder.append(event.name)
            if recentOrder.count > 1000 { recentEvents[recentOrder.removeFirst()] = nil }
        }
        let json = document.serialized()
        if eventsFD >= 0 { writeAll(eventsFD, json + "\n") }
        printer.print(event, json: JSONLine(text: json, podName: pod.metadata.name))
    }

    func writeStatus(force: Bool) {
        guard force || machine.statusVersion != writtenVersion else { return }
        writtenVersion = machine.statusVersion
        let doc = PodDocument.pod(pod, uid: uid, placement: placement, status: machine.status)
        do throws(SystemError) {
            try StateDirectory.writeAtomically(podDir + "/pod.json", doc.serialized(indent: 2) + "\n")
        } catch {
            diagnostic("cannot write pod.json: \(error)")
        }
    }

    func diagnostic(_ text: String) {
        stderr.write("kubelet-lite: \(text)\n")
    }
}
