// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "MailProbe",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MailCore", targets: ["MailCore"]),
        .library(name: "MailTransport", targets: ["MailTransport"]),
        .library(name: "SMTPCore", targets: ["SMTPCore"]),
        .library(name: "SMTPClient", targets: ["SMTPClient"]),
        .library(name: "IMAPCore", targets: ["IMAPCore"]),
        .library(name: "IMAPClient", targets: ["IMAPClient"]),
        .library(name: "Probe", targets: ["Probe"]),
        .library(name: "MailTestServer", targets: ["MailTestServer"]),
        .library(name: "MonitorCore", targets: ["MonitorCore"]),
        .library(name: "HistoryStore", targets: ["HistoryStore"]),
        .library(name: "Notify", targets: ["Notify"]),
        .library(name: "MailProbeService", targets: ["MailProbeService"]),
        .library(name: "MailTestKit", targets: ["MailTestKit"]),
        .library(name: "Charts", targets: ["Charts"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
        .executable(name: "mailprobe", targets: ["mailprobe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.27.0"),
        // Already in the graph through Hummingbird; named so that the dashboard and the tests may import HTTPTypes.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // System OpenSSL (Debian: libssl-dev), with static-inline shims for its macros.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // Pure, standard-library-only building blocks shared by the protocol cores.
        .target(name: "MailCore", swiftSettings: strict),
        // Sockets, epoll event loop, DNS, TLS, deadlines: shared by SMTP and IMAP.
        .target(name: "MailTransport", dependencies: ["COpenSSL", "MailCore"], swiftSettings: strict),
        // Sans-I/O SMTP: replies, commands, capabilities, state machine.
        .target(name: "SMTPCore", dependencies: ["MailCore"], swiftSettings: strict),
        // Sans-I/O IMAP: framing, response parser, command encoder, session state machine.
        .target(name: "IMAPCore", dependencies: ["MailCore"], swiftSettings: strict),
        // Async SMTP client over MailTransport.
        .target(name: "SMTPClient", dependencies: ["SMTPCore", "MailTransport", "MailCore"], swiftSettings: strict),
        // Async IMAP client over MailTransport.
        .target(name: "IMAPClient", dependencies: ["IMAPCore", "MailTransport", "MailCore"], swiftSettings: strict),
        // Round trip and transit probes, Received chains, thresholds and outcomes.
        .target(
            name: "Probe",
            dependencies: [
                "SMTPClient", "IMAPClient", "SMTPCore", "IMAPCore", "MailTransport", "MailCore",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // Test support: a scripted loopback server and the throw-away test certificates.
        .target(name: "MailTestKit", dependencies: ["MailTransport", "MailCore"], swiftSettings: strict),
        // The project's own scriptable SMTP + IMAP test server with fault and delay injection.
        .target(
            name: "MailTestServer",
            dependencies: ["MailTransport", "MailCore", "IMAPCore", "COpenSSL"],
            swiftSettings: strict
        ),
        // Sans-I/O machines of the daemon: the scheduler and the alert engine, driven by instants given to them.
        .target(name: "MonitorCore", dependencies: ["Probe"], swiftSettings: strict),
        // Run history, rollups, alert states, the notification outbox and silences in SQLite (GRDB).
        .target(
            name: "HistoryStore",
            dependencies: ["Probe", "MonitorCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // Alert notifications: webhook (Slack, Teams), SMS gateway (Twilio), e-mail, Alertmanager, command.
        .target(
            name: "Notify",
            dependencies: [
                "MonitorCore", "Probe", "SMTPClient", "SMTPCore", "MailCore", "COpenSSL",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // `mailprobe serve`: the scheduler, store and outbox drivers, metrics and the HTTP API.
        .target(
            name: "MailProbeService",
            dependencies: [
                "Probe", "MonitorCore", "HistoryStore", "Notify", "MailCore", "MailTransport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                // The listener's connection guard is a channel handler in Hummingbird's pipeline.
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Charts for the dashboard: series -> scales -> SVG text. Standard library only.
        .target(name: "Charts", swiftSettings: strict),
        // The web dashboard of `mailprobe serve`: pages from Mustache templates over the daemon's store, charts as SVG.
        .target(
            name: "Dashboard",
            dependencies: [
                "Charts", "MailProbeService", "HistoryStore", "MonitorCore", "Probe", "MailCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "mailprobe",
            dependencies: [
                "SMTPClient",
                "SMTPCore",
                "IMAPClient",
                "IMAPCore",
                "Probe",
                "MonitorCore",
                "MailCore",
                "MailTransport",
                "MailTestServer",
                "MailProbeService",
                "Dashboard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "MailCoreTests", dependencies: ["MailCore"], swiftSettings: strict),
        .testTarget(name: "SMTPCoreTests", dependencies: ["SMTPCore", "MailCore", "MailTestKit"], swiftSettings: strict),
        .testTarget(name: "IMAPCoreTests", dependencies: ["IMAPCore", "MailCore", "MailTestKit"], swiftSettings: strict),
        .testTarget(name: "IMAPClientTests", dependencies: ["MailTestKit", "IMAPClient", "IMAPCore", "MailTransport", "MailCore"], swiftSettings: strict),
        .testTarget(name: "MailTransportTests", dependencies: ["MailTransport", "MailTestKit", "MailCore"], swiftSettings: strict),
        .testTarget(name: "SMTPClientTests", dependencies: ["MailTestKit", "SMTPClient", "SMTPCore", "MailTransport", "MailCore"], swiftSettings: strict),
        .testTarget(
            name: "ProbeTests",
            dependencies: ["Probe", "MailTestServer", "MailTestKit", "SMTPClient", "IMAPClient", "MailTransport", "MailCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MailTestServerTests",
            dependencies: ["MailTestServer", "SMTPClient", "SMTPCore", "IMAPClient", "IMAPCore", "MailTransport", "MailCore"],
            swiftSettings: strict
        ),
        .testTarget(name: "MonitorCoreTests", dependencies: ["MonitorCore", "Probe", "MailTestKit"], swiftSettings: strict),
        .testTarget(name: "HistoryStoreTests", dependencies: ["HistoryStore", "MonitorCore", "Probe"], swiftSettings: strict),
        .testTarget(
            name: "NotifyTests",
            dependencies: [
                "Notify", "MonitorCore", "MailTestServer", "IMAPClient", "IMAPCore", "SMTPClient", "MailCore", "COpenSSL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MailProbeServiceTests",
            dependencies: [
                "mailprobe", "MailProbeService", "Dashboard", "Charts", "HistoryStore", "MonitorCore", "Probe", "MailTestServer", "Notify",
                "IMAPClient", "IMAPCore", "MailCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"], swiftSettings: strict),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard", "Charts", "MailProbeService", "HistoryStore", "MonitorCore", "Probe", "MailCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        // Against the real Postfix and Dovecot that Scripts/mailservers runs on loopback.
        .testTarget(name: "IntegrationTests", dependencies: ["mailprobe", "Probe", "SMTPClient", "SMTPCore", "IMAPClient", "IMAPCore", "MailTransport", "MailCore"], swiftSettings: strict),
    ]
)
