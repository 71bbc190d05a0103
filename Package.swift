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
        .executable(name: "mailprobe", targets: ["mailprobe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
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
        .target(name: "SMTPClient", dependencies: ["SMTPCore", "MailTransport"], swiftSettings: strict),
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
            dependencies: ["MailTransport", "MailCore", "SMTPCore", "IMAPCore", "COpenSSL"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "mailprobe",
            dependencies: [
                "SMTPClient",
                "IMAPClient",
                "Probe",
                "MailCore",
                "MailTestServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "MailCoreTests", dependencies: ["MailCore"], swiftSettings: strict),
        .testTarget(name: "SMTPCoreTests", dependencies: ["SMTPCore", "MailCore", "MailTestKit"], swiftSettings: strict),
        .testTarget(name: "IMAPCoreTests", dependencies: ["IMAPCore", "MailCore", "MailTestKit"], swiftSettings: strict),
        .testTarget(name: "IMAPClientTests", dependencies: ["MailTestKit", "IMAPClient", "IMAPCore", "MailTransport", "MailCore"], swiftSettings: strict),
        .testTarget(name: "MailTransportTests", dependencies: ["MailTransport"], swiftSettings: strict),
        .testTarget(name: "SMTPClientTests", dependencies: ["MailTestKit", "SMTPClient", "SMTPCore", "MailTransport", "MailCore"], swiftSettings: strict),
        .testTarget(name: "ProbeTests", dependencies: ["Probe", "MailTestServer", "MailTestKit", "SMTPClient", "IMAPClient", "MailCore"], swiftSettings: strict),
        .testTarget(
            name: "MailTestServerTests",
            dependencies: ["MailTestServer", "SMTPClient", "SMTPCore", "IMAPClient", "IMAPCore", "MailTransport", "MailCore"],
            swiftSettings: strict
        ),
        // Against the real Postfix and Dovecot that Scripts/mailservers runs on loopback.
        .testTarget(name: "IntegrationTests", dependencies: ["mailprobe", "Probe", "SMTPClient", "SMTPCore", "IMAPClient", "IMAPCore", "MailTransport", "MailCore"], swiftSettings: strict),
    ]
)
