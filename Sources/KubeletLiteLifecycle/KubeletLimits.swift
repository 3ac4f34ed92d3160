// kubelet-lite — KubeletLimits.swift
// The kubelet's size limits (lifecycle §1.2), in one place for the lifecycle and the runtime's readers.

/// Sizes the kubelet caps what it reads at; the runtime reads no more than these.
public enum KubeletLimits {
    /// `MaxContainerTerminationMessageLength`: the tail of the termination-message file.
    public static let terminationMessageFileBytes = 4096
    /// `MaxContainerTerminationMessageLogLines` and `…LogLength`: the log fallback.
    public static let terminationMessageLogLines = 80
    public static let terminationMessageLogBytes = 2048
    /// Exec probe output and HTTP probe body.
    public static let probeOutputBytes = 10 * 1024
}
