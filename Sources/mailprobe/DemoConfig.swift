import Probe

/// The `mailprobe serve` configuration the demo writes for itself: accounts corp and partner on
/// the two in-process test servers, a round trip on each, transit both ways, thresholds and
/// intervals from the ``DemoScenario``, the listener on loopback and the store in `dataDirectory`.
///
///     accounts:
///       corp:
///         address: probe@corp.test
///         smtp: {server: "127.0.0.1:40111", tls: plain, password: {file: corp.pw}}
///     probes:
///       corp-partner: {type: transit, routes: [corp->partner, partner->corp], …}
struct DemoConfig: Sendable {
    /// One account: its address, its test server's ports, and the file holding its password.
    struct Account: Sendable, Hashable {
        var name: String
        var address: String
        var smtpPort: UInt16
        var imapPort: UInt16
        /// Relative to the config file's directory.
        var passwordFile: String
    }

    var accounts: [Account]
    var listenPort: UInt16
    var dataDirectory: String
    var scenario: DemoScenario

    /// The dashboard's address, also the notices' `public_url`.
    var dashboardURL: String { "http://127.0.0.1:\(listenPort)" }

    /// The whole file.
    var yaml: String {
        let (warning, critical) = scenario.dataAcceptedThresholds
        let interval = ConfigDuration.format(scenario.probeInterval)
        let dataAccepted = "submit.data_accepted: {warning: \(ConfigDuration.format(warning)), critical: \(ConfigDuration.format(critical))}"
        let delivery = "delivery: {warning: \(ConfigDuration.format(scenario.deliveryThreshold))}"
        var lines = ["location: mailprobe-demo", "defaults: {interval: \(interval), timeout: 10s, late_after: 15s, lost_after: 30s}", "accounts:"]
        for account in accounts {
            let password = "password: {file: \(account.passwordFile)}"
            lines += [
                "  \(account.name):",
                "    address: \(account.address)",
                "    smtp: {server: \"127.0.0.1:\(account.smtpPort)\", tls: plain, \(password)}",
                "    imap: {server: \"127.0.0.1:\(account.imapPort)\", tls: plain, \(password)}",
            ]
        }
        lines.append("probes:")
        for account in accounts {
            lines += [
                "  \(account.name)-roundtrip:",
                "    type: roundtrip",
                "    account: \(account.name)",
                "    thresholds: {\(dataAccepted), \(delivery)}",
            ]
        }
        let names = accounts.map(\.name)
        if names.count >= 2 {
            lines += [
                "  \(names.joined(separator: "-")):",
                "    type: transit",
                "    routes: mesh",
                "    thresholds: {\(dataAccepted), \(delivery)}",
            ]
        }
        lines += [
            "serve:",
            "  listen: \"127.0.0.1:\(listenPort)\"",
            "  data_dir: \(Self.quoted(dataDirectory))",
            "  public_url: \"\(dashboardURL)\"",
            "  traces: failures",
            "  grace: 5s",
            "alerts: {for: 2, resolve_after: 2}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }
}

extension String {
    /// Every `target` replaced by `replacement` (no Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
