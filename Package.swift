// swift-tools-version: 6.1
// editoriald: a systemd-native editorial-calendar daemon. One section per target, alphabetical.
import PackageDescription

let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "editoriald",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EditorialCore", targets: ["EditorialCore"]),
        .executable(name: "editorialctl", targets: ["editorialctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // EditorialCore: pure domain logic (plans, recurrence, agenda, checks); no I/O, no clock.
        .target(
            name: "EditorialCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EditorialCoreTests",
            dependencies: ["EditorialCore"],
            swiftSettings: strict
        ),

        // editorialctl: the command-line client; offline commands call the core directly.
        .executableTarget(
            name: "editorialctl",
            dependencies: [
                "EditorialCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // EndToEndTests: run the built binaries and compare their output and exit codes.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["editorialctl"],
            swiftSettings: strict
        ),
    ]
)
