// swift-tools-version: 6.1
// editoriald benchmarks: a separate package so that `swift test` at the root never builds it.
// Build and run in release: `swift run -c release editorial-bench --help`.
import PackageDescription

let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "editoriald-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "editoriald", path: "..")
    ],
    targets: [
        // editorial-bench: recurrence expansion and plan parse/check/agenda workloads, timed in-process; the release
        // daemon's firing lateness, idle wake-ups and start-up, measured from outside (EditorialRuntime: its loader).
        .executableTarget(
            name: "editorial-bench",
            dependencies: [
                .product(name: "EditorialClient", package: "editoriald"),
                .product(name: "EditorialCore", package: "editoriald"),
                .product(name: "EditorialRuntime", package: "editoriald"),
                "CTimerfd",
            ],
            swiftSettings: strict
        ),
        // CTimerfd: timerfd(2) for the bare timer loop `lateness` compares the daemon with.
        .target(name: "CTimerfd"),
    ]
)
