// swift-tools-version: 6.2
// kubelet-lite: run a Kubernetes Pod manifest as real processes, with the kubelet's lifecycle rules.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "kubelet-lite",
    products: [
        .executable(name: "kubelet-lite", targets: ["kubelet-lite"]),
        .executable(name: "kubelet-lite-core", targets: ["kubelet-lite-core"]),
        .executable(name: "kubelet-lite-pause", targets: ["kubelet-lite-pause"]),
    ],
    dependencies: [],
    targets: [
        // Linux APIs Swift's Glibc module hides (epoll, signalfd, pipe2, prctl, spawn chdir).
        .target(name: "CKubeletLiteShims", cSettings: [.define("_GNU_SOURCE")]),
        // The pod infra process and every command's exec helper: a few lines of C without the C
        // library (its start-up was most of each helper's start), so that an idle pod costs some
        // 24 KiB. Static, with its own entry point, as the front (the Makefile's release build links
        // it with cc -nostdlib). Here the C library is linked but never entered.
        .executableTarget(
            name: "kubelet-lite-pause",
            cSettings: [.define("_GNU_SOURCE"),
                        .unsafeFlags(["-ffreestanding", "-fno-builtin", "-fno-stack-protector"])],
            linkerSettings: [.unsafeFlags(["-static-executable", "-Xlinker", "-e", "-Xlinker", "kl_entry"])]),
        // Pure: the YAML reader (YAML 1.2 syntax; kubectl's or the 1.2 core schema), depends on nothing.
        .target(name: "KubeletLiteYAML", swiftSettings: strict),
        // Pure: the manifest model, JSON and YAML input, defaults, validation, $(VAR) expansion.
        .target(name: "KubeletLiteModel", dependencies: ["KubeletLiteYAML"], swiftSettings: strict),
        // Pure: every Kubernetes lifecycle rule, driven by events at given instants.
        .target(name: "KubeletLiteLifecycle", dependencies: ["KubeletLiteModel"], swiftSettings: strict),
        // Pure: the published pod.json and events read back as typed values, and kubectl's views of them.
        .target(
            name: "KubeletLitePresentation", dependencies: ["KubeletLiteLifecycle", "KubeletLiteModel"],
            swiftSettings: strict),
        // Network protocols, sans-IO: HTTP/2 + HPACK, gRPC health, TLS via the system's OpenSSL
        // (loaded at run time), DNS messages. Bytes in, bytes and events out; no sockets inside.
        .target(name: "KubeletLiteNet", swiftSettings: strict),
        // The only module that touches the OS: event loop, spawning, reaping, logs, state dir.
        .target(
            name: "KubeletLiteRuntime",
            dependencies: ["KubeletLitePresentation", "KubeletLiteLifecycle", "KubeletLiteModel", "KubeletLiteNet",
                           "CKubeletLiteShims"],
            swiftSettings: strict),
        // The command users run: a static C front, without the C library, that blocks kubelet-lite's
        // signals in its first instruction, then execs kubelet-lite-core (the Makefile's release
        // build links it with cc -nostdlib). Here the C library is linked but never entered.
        .executableTarget(
            name: "kubelet-lite",
            cSettings: [.define("_GNU_SOURCE"),
                        .unsafeFlags(["-ffreestanding", "-fno-builtin", "-fno-stack-protector"])],
            linkerSettings: [.unsafeFlags(["-static-executable", "-Xlinker", "-e", "-Xlinker", "kl_entry"])]),
        // The thin command line.
        .executableTarget(
            name: "kubelet-lite-core",
            dependencies: ["KubeletLiteRuntime", "KubeletLitePresentation", "KubeletLiteLifecycle", "KubeletLiteModel"],
            swiftSettings: strict),
        .testTarget(
            name: "KubeletLiteYAMLTests", dependencies: ["KubeletLiteYAML"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(name: "KubeletLiteModelTests", dependencies: ["KubeletLiteModel"], swiftSettings: strict),
        .testTarget(
            name: "KubeletLiteLifecycleTests",
            dependencies: ["KubeletLiteLifecycle", "KubeletLiteModel", "KubeletLitePresentation"],
            swiftSettings: strict),
        .testTarget(
            name: "KubeletLitePresentationTests",
            dependencies: ["KubeletLitePresentation", "KubeletLiteLifecycle", "KubeletLiteModel"],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "KubeletLiteRuntimeTests",
            dependencies: ["KubeletLiteRuntime", "KubeletLiteLifecycle", "KubeletLiteModel", "KubeletLiteNet",
                           "CKubeletLiteShims", "kubelet-lite-pause"],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        // The command line's flag tables against its help and its man page.
        .testTarget(name: "KubeletLiteCLITests", dependencies: ["kubelet-lite-core", "KubeletLiteRuntime"], swiftSettings: strict),
        .testTarget(
            name: "KubeletLiteNetTests", dependencies: ["KubeletLiteNet", "CKubeletLiteShims"],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "KubeletLiteEndToEndTests",
            dependencies: ["kubelet-lite", "kubelet-lite-core", "kubelet-lite-pause", "KubeletLiteModel"],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        // Every rule a comment cites is a section of docs/ that exists; no dependencies on purpose.
        .testTarget(name: "KubeletLiteDocsTests", swiftSettings: strict),
    ]
)
