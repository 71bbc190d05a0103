// swift-tools-version:6.1
import PackageDescription

// Benchmarks against the named peers; figures in ../BENCHMARKS.md, driver in run-smtp.sh.
// A package of its own so that the main package's build and tests never compile it.

// A path dependency's identity is its directory's name: whatever the checkout is called.
let mainPackage = String(#filePath.split(separator: "/").dropLast(2).last ?? "main")

let package = Package(
    name: "MailProbeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "smtp-bench",
            dependencies: [
                .product(name: "SMTPClient", package: mainPackage),
                .product(name: "SMTPCore", package: mainPackage),
                .product(name: "MailTransport", package: mainPackage),
                .product(name: "MailCore", package: mainPackage),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        ),
        // IMAP: response-parser throughput and UID FETCH against Dovecot; driver in run-imap.sh.
        .executableTarget(
            name: "imap-bench",
            dependencies: [
                .product(name: "IMAPClient", package: mainPackage),
                .product(name: "IMAPCore", package: mainPackage),
                .product(name: "MailTransport", package: mainPackage),
                .product(name: "MailCore", package: mainPackage),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        ),
        // Timing accuracy against injected delays (test server); driver in run-accuracy.sh.
        .executableTarget(
            name: "accuracy-bench",
            dependencies: [
                .product(name: "SMTPClient", package: mainPackage),
                .product(name: "SMTPCore", package: mainPackage),
                .product(name: "MailTestServer", package: mainPackage),
                .product(name: "MailTransport", package: mainPackage),
                .product(name: "MailCore", package: mainPackage),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Scale: thousands of IMAP IDLE sessions, concurrent SMTP senders; driver in run-scale.sh.
        .executableTarget(
            name: "scale-bench",
            dependencies: [
                .product(name: "IMAPClient", package: mainPackage),
                .product(name: "IMAPCore", package: mainPackage),
                .product(name: "SMTPClient", package: mainPackage),
                .product(name: "SMTPCore", package: mainPackage),
                .product(name: "MailTestServer", package: mainPackage),
                .product(name: "MailTransport", package: mainPackage),
                .product(name: "MailCore", package: mainPackage),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Arrival detection latency vs the store (test server, Dovecot + inotify); driver in run-arrival.sh.
        .executableTarget(
            name: "arrival-bench",
            dependencies: [
                .product(name: "IMAPClient", package: mainPackage),
                .product(name: "IMAPCore", package: mainPackage),
                .product(name: "SMTPClient", package: mainPackage),
                .product(name: "SMTPCore", package: mainPackage),
                .product(name: "MailTestServer", package: mainPackage),
                .product(name: "MailTransport", package: mainPackage),
                .product(name: "MailCore", package: mainPackage),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
