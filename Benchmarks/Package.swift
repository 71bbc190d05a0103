// swift-tools-version:6.1
import PackageDescription

// Benchmarks against the named peers; figures in ../BENCHMARKS.md, one driver script per benchmark.
// A package of its own so that the main package's build and tests never compile it.

// A path dependency's identity is its directory's name: whatever the checkout is called.
let mainPackage = String(#filePath.split(separator: "/").dropLast(2).last ?? "main")

/// One benchmark executable on the main package's products, in the main package's language mode.
func benchmark(_ name: String, using products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: products.map { .product(name: $0, package: mainPackage) },
        swiftSettings: [
            .swiftLanguageMode(.v6),
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
    )
}

let package = Package(
    name: "MailProbeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // SMTP throughput, reply parser and cold start; driver in run-smtp.sh.
        benchmark("smtp-bench", using: ["SMTPClient", "SMTPCore", "MailTransport", "MailCore"]),
        // IMAP: response-parser throughput, UID FETCH and one large message against Dovecot;
        // drivers in run-imap.sh and run-imap-large.sh.
        benchmark("imap-bench", using: ["IMAPClient", "IMAPCore", "MailTransport", "MailCore"]),
        // Timing accuracy against injected delays (test server); driver in run-accuracy.sh.
        benchmark("accuracy-bench", using: ["SMTPClient", "SMTPCore", "MailTestServer", "MailTransport", "MailCore"]),
        // Scale: thousands of IMAP IDLE sessions, concurrent SMTP senders; driver in run-scale.sh.
        benchmark("scale-bench", using: ["IMAPClient", "IMAPCore", "SMTPClient", "SMTPCore", "MailTestServer",
                                         "MailTransport", "MailCore"]),
        // Arrival detection latency vs the store (test server, Dovecot + inotify); driver in run-arrival.sh.
        benchmark("arrival-bench", using: ["IMAPClient", "IMAPCore", "SMTPClient", "SMTPCore", "MailTestServer",
                                           "MailTransport", "MailCore"]),
        // The daemon's history store: filling 30 days of per-minute runs, series reads; driver in run-series.sh
        // (run-serve.sh drives `mailprobe serve` itself).
        benchmark("series-bench", using: ["HistoryStore", "Probe"]),
    ]
)
