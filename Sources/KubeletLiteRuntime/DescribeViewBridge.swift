// kubelet-lite — DescribeViewBridge.swift
// The describe view for SIGUSR1, under the name PodSupervisor calls it by.

import KubeletLiteLifecycle
import KubeletLiteModel
import KubeletLitePresentation

/// Forwards to the presentation's `DescribeView`, so PodSupervisor compiles unchanged while the
/// views move out of the lifecycle module. Remove once PodSupervisor imports
/// KubeletLitePresentation and calls `DescribeView.render(published:events:now:)` itself.
enum DescribeView {
    static func render(pod: JSONValue, events: [JSONValue], now: Instant) -> String {
        KubeletLitePresentation.DescribeView.render(pod: pod, events: events, now: now)
    }
}
