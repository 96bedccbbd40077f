// swift-tools-version: 6.1
// editoriald: a systemd-native editorial-calendar daemon. One section per target, alphabetical.
import PackageDescription

let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "editoriald",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EditorialClient", targets: ["EditorialClient"]),
        .library(name: "EditorialCore", targets: ["EditorialCore"]),
        .library(name: "EditorialRuntime", targets: ["EditorialRuntime"]),
        .executable(name: "editorialctl", targets: ["editorialctl"]),
        .executable(name: "editoriald", targets: ["editoriald"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // CLibical: libical 3, for the test-only ical-probe (tests compare editoriald's recurrence with libical's).
        .systemLibrary(
            name: "CLibical",
            path: "Tests/CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),

        // CPostgres: libpq, PostgreSQL's C client, for the shared state store (state: {backend: postgresql}).
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        // CSystemd: libsystemd (journal, sd_notify, sd_listen_fds) and the Linux headers Glibc hides.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),

        // CYAML: libyaml's event parser, from which the plan reader builds its own compact nodes.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        // EditorialClient: the control-socket client, its socket address and default path, plan-file discovery and
        // help at the terminal's width; all that editorialctl needs beside the core (no SQLite, no libsystemd).
        .target(
            name: "EditorialClient",
            dependencies: ["EditorialCore"],
            swiftSettings: strict
        ),

        // EditorialCore: pure domain logic (plans, recurrence, agenda, checks); no I/O, no clock.
        .target(
            name: "EditorialCore",
            dependencies: ["CYAML"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EditorialCoreTests",
            dependencies: ["EditorialCore", "ical-probe", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),

        // EditorialRuntime: the daemon's adapters (Dispatch, journal, notify, SQLite and PostgreSQL state, sockets, config).
        .target(
            name: "EditorialRuntime",
            dependencies: [
                "CPostgres",
                "CSystemd",
                "EditorialClient",
                "EditorialCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EditorialRuntimeTests",
            dependencies: ["EditorialClient", "EditorialRuntime", "editoriald", "journal-probe"],
            swiftSettings: strict
        ),

        // ical-probe: test-only (C); prints libical's occurrences of RRULEs and of whole calendars for the tests.
        .executableTarget(
            name: "ical-probe",
            dependencies: ["CLibical"],
            path: "Tests/ICalProbe",
            cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]
        ),

        // journal-probe: test-only; drives Journal, JournalLogHandler, Notifier and ListenFDs in a child process
        // (inside a private journald's mount namespace, or with a given environment and file descriptors).
        .executableTarget(
            name: "journal-probe",
            dependencies: ["EditorialRuntime", .product(name: "Logging", package: "swift-log")],
            path: "Tests/JournalProbe",
            swiftSettings: strict
        ),

        // editoriald: the daemon executable; flags and config to runtime, nothing else.
        .executableTarget(
            name: "editoriald",
            dependencies: [
                "EditorialClient",
                "EditorialRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // editorialctl: the command-line client; offline commands call the core directly, online ones go through
        // EditorialClient. It links neither SQLite nor libsystemd (a test reads its NEEDED entries).
        .executableTarget(
            name: "editorialctl",
            dependencies: [
                "EditorialClient",
                "EditorialCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // EndToEndTests: run the built binaries and compare their output and exit codes.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "editorialctl", "editoriald", "EditorialClient", "EditorialCore", "EditorialRuntime", "ical-probe",
            ],
            swiftSettings: strict
        ),
    ]
)
