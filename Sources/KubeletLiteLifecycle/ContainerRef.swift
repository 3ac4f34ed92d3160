// kubelet-lite — ContainerRef.swift
// How inputs, actions and events name one container of the pod.

/// Identifies a container by list and position; stable for the pod's life.
public struct ContainerRef: Hashable, Sendable, CustomStringConvertible {
    public var isInit: Bool
    public var index: Int
    public var name: String

    public init(isInit: Bool, index: Int, name: String) {
        self.isInit = isInit
        self.index = index
        self.name = name
    }

    /// The event `involvedObject.fieldPath`: `spec.containers{NAME}` or `spec.initContainers{NAME}`.
    public var fieldPath: String { isInit ? "spec.initContainers{\(name)}" : "spec.containers{\(name)}" }

    public var description: String { name }
}

/// A signal, by its Linux number; the lifecycle names signals without importing the OS.
public struct Signal: Hashable, Sendable, CustomStringConvertible {
    public var number: Int32

    public init(number: Int32) { self.number = number }

    public static let hangup = Signal(number: 1)
    public static let interrupt = Signal(number: 2)
    public static let quit = Signal(number: 3)
    public static let kill = Signal(number: 9)
    public static let user1 = Signal(number: 10)
    public static let user2 = Signal(number: 12)
    public static let terminate = Signal(number: 15)

    private static let names: [String: Int32] = [
        "SIGHUP": 1, "SIGINT": 2, "SIGQUIT": 3, "SIGILL": 4, "SIGTRAP": 5, "SIGABRT": 6, "SIGBUS": 7,
        "SIGFPE": 8, "SIGKILL": 9, "SIGUSR1": 10, "SIGSEGV": 11, "SIGUSR2": 12, "SIGPIPE": 13,
        "SIGALRM": 14, "SIGTERM": 15, "SIGSTKFLT": 16, "SIGCHLD": 17, "SIGCONT": 18, "SIGSTOP": 19,
        "SIGTSTP": 20, "SIGTTIN": 21, "SIGTTOU": 22, "SIGURG": 23, "SIGXCPU": 24, "SIGXFSZ": 25,
        "SIGVTALRM": 26, "SIGPROF": 27, "SIGWINCH": 28, "SIGIO": 29, "SIGPWR": 30, "SIGSYS": 31,
    ]

    /// `SIGTERM`, `SIGRTMIN+3` ... as `lifecycle.stopSignal` spells them.
    public init?(name: String) {
        if let n = Signal.names[name] {
            number = n
        } else if name == "SIGRTMIN" {
            number = 34
        } else if name.hasPrefix("SIGRTMIN+"), let k = Int32(name.dropFirst(9)), k >= 1, k <= 15 {
            number = 34 + k
        } else if name.hasPrefix("SIGRTMAX-"), let k = Int32(name.dropFirst(9)), k >= 1, k <= 14 {
            number = 64 - k
        } else if name == "SIGRTMAX" {
            number = 64
        } else {
            return nil
        }
    }

    public var description: String {
        Signal.names.first { $0.value == number }?.key ?? "signal \(number)"
    }
}
