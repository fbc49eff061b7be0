// swift-tools-version: 6.2
import PackageDescription

/// Settings every target shares: Swift 6 strict concurrency, no warnings, explicit imports.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .treatAllWarnings(as: .error),
]

/// C wrappers additionally mark every unsafe use.
let cWrapperSettings: [SwiftSetting] = strictSettings + [.strictMemorySafety()]

let package = Package(
    name: "firepump",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "firepump", targets: ["firepump"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Pure pump logic: state machine, events, actions, configuration. No C, no clock, no I/O.
        .target(name: "FirepumpCore", swiftSettings: strictSettings),
        // The daemon's settings: the pump's plus broker, Home Assistant, board, chip, files and
        // logging; the settings table, its checks, `.env` files and board pin maps. No I/O.
        .target(name: "FirepumpSettings", dependencies: ["FirepumpCore"], swiftSettings: strictSettings),
        // The pin hardware-abstraction layer and its in-memory mock. No C.
        .target(name: "FirepumpHAL", swiftSettings: strictSettings),
        // libgpiod 1.6 or 2.x, whichever pkg-config finds; only CGPIODShim includes its header.
        .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod", providers: [.apt(["libgpiod-dev"])]),
        // One small C API over either libgpiod version, chosen from the installed gpiod.h.
        .target(
            name: "CGPIODShim", dependencies: ["CGPIOD"],
            cSettings: [.enableWarning("all"), .enableWarning("extra"), .treatAllWarnings(as: .error)]),
        .target(name: "FirepumpGPIOD", dependencies: ["CGPIODShim", "FirepumpHAL"], swiftSettings: cWrapperSettings),
        // libmosquitto: the only place that imports it.
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        .target(name: "FirepumpMQTT", dependencies: ["CMosquitto"], swiftSettings: cWrapperSettings),
        // adjtimex(2) from glibc: whether the clock is synchronised (read after a reboot).
        .systemLibrary(name: "CTimex"),
        // Owns the state, feeds events in, performs actions. Serves the daemon and the simulator.
        .target(
            name: "FirepumpRuntime",
            dependencies: [
                "FirepumpCore", "FirepumpHAL", "CTimex", "FirepumpLogging",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The daemon's log lines: UTC timestamps or journald priorities, one write(2) each.
        .target(
            name: "FirepumpLogging", dependencies: [.product(name: "Logging", package: "swift-log")], swiftSettings: strictSettings),
        // `firepump simulate`: scenario in, timeline out, on a virtual clock.
        .target(name: "FirepumpSimulator", dependencies: ["FirepumpRuntime", "FirepumpSettings"], swiftSettings: strictSettings),
        // The daemon as a service: the controller loop wired to libmosquitto, systemd notify.
        .target(
            name: "FirepumpDaemon",
            dependencies: [
                "FirepumpCore", "FirepumpHAL", "FirepumpMQTT", "FirepumpRuntime", "FirepumpSettings",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "firepump",
            dependencies: [
                "FirepumpCore", "FirepumpHAL", "FirepumpGPIOD", "FirepumpDaemon", "FirepumpLogging", "FirepumpRuntime",
                "FirepumpSettings", "FirepumpSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // Shared test code: the PinDriver contract suite and the mosquitto harness.
        .target(name: "FirepumpTestSupport", dependencies: ["FirepumpHAL"], swiftSettings: strictSettings),
        // Runs the PinDriver contract on GPIODPinDriver inside the qemu guest of scripts/gpio-sim-test.
        .executableTarget(
            name: "gpio-sim-check",
            dependencies: [
                "FirepumpGPIOD", "FirepumpTestSupport", "FirepumpHAL", "FirepumpCore", "FirepumpRuntime", "FirepumpSettings",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // `firepump-bench`: drives `firepump run --mock` from outside over a real mosquitto (trigger to
        // first telemetry event, CPU and context switches per cycle, idle RSS); log line cost.
        .executableTarget(
            name: "firepump-bench",
            dependencies: ["FirepumpCore", "FirepumpLogging", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FirepumpCoreTests",
            dependencies: ["FirepumpCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FirepumpSettingsTests",
            dependencies: ["FirepumpSettings", "FirepumpCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "FirepumpHALTests", dependencies: ["FirepumpHAL", "FirepumpTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "FirepumpGPIODTests", dependencies: ["FirepumpGPIOD", "FirepumpHAL"], swiftSettings: strictSettings),
        .testTarget(name: "FirepumpMQTTTests", dependencies: ["FirepumpMQTT", "FirepumpTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "FirepumpRuntimeTests",
            dependencies: ["FirepumpRuntime", "FirepumpCore", "FirepumpHAL", "FirepumpSettings"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FirepumpDaemonTests",
            dependencies: [
                "FirepumpDaemon", "FirepumpMQTT", "FirepumpRuntime", "FirepumpCore", "FirepumpHAL", "FirepumpSettings", "FirepumpTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FirepumpLoggingTests",
            dependencies: ["FirepumpLogging", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FirepumpSimulatorTests",
            dependencies: ["FirepumpSimulator", "FirepumpRuntime", "FirepumpCore", "FirepumpSettings"],
            swiftSettings: strictSettings
        ),
    ]
)
