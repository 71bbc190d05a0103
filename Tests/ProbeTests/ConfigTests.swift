import Glibc
import IMAPClient
import MailCore
import SMTPClient
import Testing

@testable import Probe

/// `Fixtures/config/` at the package root.
enum ConfigFixtures {
    static let directory: String = {
        var path = #filePath
        while let slash = path.lastIndex(of: "/"), !path.isEmpty {
            path = String(path[..<slash])
            if access(path + "/Package.swift", F_OK) == 0 { return path + "/Fixtures/config" }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    static func load(_ name: String) throws(ConfigError) -> ProbeConfigFile {
        try ProbeConfigFile.load(path: path(name))
    }

    /// The error loading `name` gives, or a test failure.
    static func error(loading name: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
        do {
            _ = try load(name)
            Issue.record("\(name) loaded without error", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Config file: schema and errors")
struct ConfigTests {
    @Test func fullFileHasEveryValue() throws {
        let config = try ConfigFixtures.load("full.yaml")
        #expect(config.location == "office-berlin")
        #expect(config.defaults == ProbeConfigFile.Defaults(timeout: .seconds(30), interval: .seconds(300), lateAfter: .seconds(60), lostAfter: .seconds(300)))
        #expect(config.accountNames == ["corp", "other", "lab"])
        #expect(config.probeNames == ["corp-roundtrip", "corp-other"])

        let corp = try #require(config.accounts["corp"])
        #expect(corp.address == "probe@corp.example")
        #expect(corp.smtp == EndpointConfig(
            host: "smtp.corp.example", port: 587, tlsMode: .starttls, caFile: ConfigFixtures.path("../tls/ca.pem"), insecure: false,
            user: "probe@corp.example", credential: .passwordEnv("CORP_SMTP_PW"),
            credentialLocation: ConfigLocation(file: ConfigFixtures.path("full.yaml"), line: 17, keyPath: "accounts.corp.smtp.password"),
            mechanism: .plain))
        #expect(corp.imap.host == "imap.corp.example" && corp.imap.port == 993 && corp.imap.tlsMode == .tls)
        #expect(corp.imap.mailbox == "INBOX" && corp.imap.junk == "Junk" && corp.imap.user == "probe@corp.example")

        let other = try #require(config.accounts["other"])
        #expect(other.smtp.host == "2001:db8::25" && other.smtp.port == 465 && other.smtp.tlsMode == .tls)
        #expect(other.smtp.credential == .oauth2TokenCommand("printf 'token-for-other\n'"))
        #expect(other.imap.port == nil && other.imap.tlsMode == .opportunistic && other.imap.user == "probe")
        #expect(other.imap.credential == .passwordFile(ConfigFixtures.path("secrets/other-imap.pw")))
        #expect(other.imap.mailbox == "INBOX" && other.imap.junk == nil)

        let lab = try #require(config.accounts["lab"])
        #expect(lab.smtp.tlsMode == .plain && lab.smtp.credential == nil && lab.smtp.mailbox == nil)
        #expect(lab.imap.credential == .passwordCommand("pass show lab/imap | head -n 1"))

        let roundTrip = try config.probe(named: "corp-roundtrip")
        #expect(roundTrip.kind == .roundTrip(account: "corp"))
        #expect(roundTrip.interval == .seconds(60) && roundTrip.timeout == .seconds(20))
        #expect(roundTrip.lateAfter == .seconds(90) && roundTrip.lostAfter == .seconds(600))
        #expect(roundTrip.thresholds == ProbeThresholds(
            phases: [
                "submit.data_accepted": .init(warning: .seconds(10), critical: .seconds(20)),
                "delivery": .init(warning: .seconds(60), critical: .seconds(300)),
                "total": .init(critical: .seconds(360)),
            ],
            certificateWarningDays: 14, certificateCriticalDays: 7))

        let transit = try config.probe(named: "corp-other")
        #expect(transit.kind == .transit(routes: [TransitRoute(from: "corp", to: "other"), TransitRoute(from: "other", to: "corp")]))
        #expect(transit.accountNames == ["corp", "other"])
        #expect(transit.interval == .seconds(300) && transit.timeout == .seconds(30))
        #expect(transit.thresholds.phases == ["delivery": .init(warning: .seconds(120))])
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var fixture: String
        var line: Int?
        var keyPath: String
        var code: ConfigError.Code
        var message: String
        var testDescription: String { fixture }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(fixture: "bad-tls.yaml", line: 6, keyPath: "accounts.corp.smtp.tls", code: .invalidValue,
                  message: "expected one of tls, starttls, plain, opportunistic, got \"ssl\""),
        ErrorCase(fixture: "unknown-key.yaml", line: 6, keyPath: "accounts.corp.smtp.tsl", code: .unknownKey,
                  message: "unknown key \"tsl\"; expected one of server, tls, ca_file, insecure, user, password, oauth2_token, auth (did you mean tls?)"),
        ErrorCase(fixture: "missing-account.yaml", line: 15, keyPath: "probes.corp-roundtrip.account", code: .unknownAccount,
                  message: "no account named \"crop\"; accounts are corp"),
        ErrorCase(fixture: "bad-duration.yaml", line: 16, keyPath: "probes.corp-roundtrip.timeout", code: .invalidValue,
                  message: "expected a duration such as 500ms, 30s, 5m or 1h, got \"30 seconds\""),
        ErrorCase(fixture: "bad-route.yaml", line: 21, keyPath: "probes.corp-other.routes[1]", code: .invalidValue,
                  message: "expected a route as ACCOUNT->ACCOUNT, got \"other=>corp\""),
        ErrorCase(fixture: "missing-server.yaml", line: 6, keyPath: "accounts.corp.imap.server", code: .missingKey,
                  message: "required, but missing"),
        ErrorCase(fixture: "port-out-of-range.yaml", line: 5, keyPath: "accounts.corp.smtp.server", code: .invalidValue,
                  message: "port 70000 is out of range 1–65535, got \"smtp.corp.example:70000\""),
        ErrorCase(fixture: "password-and-token.yaml", line: 9, keyPath: "accounts.corp.imap.oauth2_token", code: .conflictingKeys,
                  message: "give either password or oauth2_token, not both"),
        ErrorCase(fixture: "literal-password.yaml", line: 6, keyPath: "accounts.corp.smtp.password", code: .invalidValue,
                  message: "write a reference to the secret, {env: NAME}, {file: PATH} or {command: \"...\"}; the file never holds the secret itself"),
        ErrorCase(fixture: "missing-ca-file.yaml", line: 6, keyPath: "accounts.corp.smtp.ca_file", code: .invalidValue,
                  message: "cannot read \"/nonexistent/corp-ca.pem\": No such file or directory"),
        ErrorCase(fixture: "duplicate-key.yaml", line: 5, keyPath: "", code: .syntax,
                  message: "\"server\" appears twice in the same mapping"),
        ErrorCase(fixture: "not-yaml.yaml", line: 5, keyPath: "", code: .syntax,
                  message: "not valid YAML: "),
        ErrorCase(fixture: "unknown-phase.yaml", line: 18, keyPath: "probes.corp-roundtrip.thresholds.delivry", code: .unknownKey,
                  message: "(did you mean delivery?)"),
        ErrorCase(fixture: "late-after-lost.yaml", line: 16, keyPath: "probes.corp-roundtrip.late_after", code: .invalidValue,
                  message: "late_after (10m) must be shorter than lost_after (5m)"),
        ErrorCase(fixture: "key-of-other-type.yaml", line: 16, keyPath: "probes.corp-roundtrip.routes", code: .unknownKey,
                  message: "routes does not apply to a roundtrip probe; expected one of type, account, late_after, lost_after, interval, timeout, thresholds, certificate_days, notify, alerts"),
        ErrorCase(fixture: "mesh-one-account.yaml", line: 15, keyPath: "probes.everywhere.routes", code: .invalidValue,
                  message: "mesh needs at least two accounts; the file has 1"),
        ErrorCase(fixture: "auth-mismatch.yaml", line: 7, keyPath: "accounts.corp.smtp.auth", code: .conflictingKeys,
                  message: "an oauth2_token goes with XOAUTH2 or OAUTHBEARER, not PLAIN"),
        ErrorCase(fixture: "warning-above-critical.yaml", line: 17, keyPath: "probes.corp-roundtrip.thresholds.delivery", code: .invalidValue,
                  message: "warning (5m) must be below critical (1m)"),
    ]

    @Test(arguments: errorCases)
    func errorNamesFileLineAndKey(_ expected: ErrorCase) throws {
        let path = ConfigFixtures.path("invalid/" + expected.fixture)
        let error = try #require(ConfigFixtures.error(loading: "invalid/" + expected.fixture))
        #expect(error.file == path)
        #expect(error.line == expected.line)
        #expect(error.keyPath == expected.keyPath)
        #expect(error.code == expected.code)
        #expect(error.message.contains(expected.message), "\(error.message)")
        let prefix = "\(path):\(expected.line.map(String.init) ?? "?"): " + (expected.keyPath.isEmpty ? "" : expected.keyPath + ": ")
        #expect(error.description.hasPrefix(prefix), "\(error)")
    }

    @Test func documentedExamplesParse() throws {
        let bytes = try ProbeConfigFile.readFile(ConfigFixtures.path("../../docs/config.md"), limit: 1 << 20).get()
        let blocks = String(decoding: bytes, as: UTF8.self).split(separator: "```yaml\n").dropFirst()
            .map { String($0.split(separator: "```", maxSplits: 1, omittingEmptySubsequences: false)[0]) }
        #expect(blocks.count == 3, "the full example, the merge key, the daemon's sections (ConfigServeTests)")
        let full = try ProbeConfigFile.parse(
            yaml: blocks[0].replacingOccurrences(of: "/etc/ssl/corp-ca.pem", with: "../tls/ca.pem"),
            file: "docs/config.md", baseDirectory: ConfigFixtures.directory)
        #expect(full.probeNames == ["corp-roundtrip", "corp-other"] && full.accountNames == ["corp", "other"])
        let merged = try ProbeConfigFile.parse(yaml: blocks[1], file: "docs/config.md")
        #expect(merged.accounts["b"]?.smtp.credential == .passwordEnv("PROBE_PW"))
        #expect(merged.accounts["b"]?.address == "probe@b.example")
    }

    @Test func errorReadsLikeTheDocumentedExample() {
        let yaml = """
            # mailprobe.yaml
            location: office-berlin
            defaults:
              timeout: 30s
            accounts:
              corp:
                address: probe@corp.example

                # submission

                smtp:
                  server: smtp.corp.example:587
                  user: probe@corp.example
                  tls: ssl
                imap:
                  server: imap.corp.example:993
            """
        #expect(throws: ConfigError(.invalidValue, at: ConfigLocation(file: "mailprobe.yaml", line: 14, keyPath: "accounts.corp.smtp.tls"),
                                    "expected one of tls, starttls, plain, opportunistic, got \"ssl\"")) {
            try ProbeConfigFile.parse(yaml: yaml, file: "mailprobe.yaml")
        }
        do {
            _ = try ProbeConfigFile.parse(yaml: yaml, file: "mailprobe.yaml")
        } catch {
            #expect(error.description == "mailprobe.yaml:14: accounts.corp.smtp.tls: expected one of tls, starttls, plain, opportunistic, got \"ssl\"")
        }
    }

    @Test func aSecretWrittenIntoTheFileIsNeverEchoed() throws {
        let error = try #require(ConfigFixtures.error(loading: "invalid/literal-password.yaml"))
        #expect(!error.description.contains("hunter2"))
        #expect(!String(reflecting: error).contains("hunter2"))
    }

    @Test func unreadableFileIsNamed() {
        let path = ConfigFixtures.path("no-such-file.yaml")
        #expect(throws: ConfigError(.unreadableFile, at: ConfigLocation(file: path, line: nil, keyPath: ""),
                                    "cannot read \"\(path)\": No such file or directory")) {
            try ProbeConfigFile.load(path: path)
        }
    }

    @Test(arguments: [
        ("", 1, "", ConfigError.Code.missingKey),
        ("accounts: []", 1, "accounts", .invalidValue),
        ("accounts: {}", 1, "accounts", .missingKey),
        ("location: x\nprobes: {}", 1, "accounts", .missingKey),
        ("acounts: {}", 1, "acounts", .unknownKey),
        ("- a\n- b", 1, "", .invalidValue),
    ])
    func malformedTopLevel(yaml: String, line: Int, keyPath: String, code: ConfigError.Code) {
        do {
            _ = try ProbeConfigFile.parse(yaml: yaml, file: "t.yaml")
            Issue.record("parsed")
        } catch {
            #expect(error.line == line && error.keyPath == keyPath && error.code == code, "\(error)")
        }
    }

    @Test func meshExpandsToEveryOrderedPair() throws {
        let config = try ConfigFixtures.load("mesh.yaml")
        let probe = try config.probe(named: "everywhere")
        let expected = [("a", "b"), ("a", "c"), ("b", "a"), ("b", "c"), ("c", "a"), ("c", "b")].map { TransitRoute(from: $0, to: $1) }
        #expect(probe.kind == .transit(routes: expected))
        // The merge key copied the endpoints; the account's own address won.
        #expect(config.accounts["b"]?.address == "probe@b.example")
        #expect(config.accounts["b"]?.smtp.host == "smtp.a.example")
        #expect(config.accounts["c"]?.imap.user == "probe@c.example")
        #expect(TransitRoute.mesh(["x"]).isEmpty)
        #expect(try config.routes(["mesh"]) == expected)
        #expect(try config.routes(["c -> a"]) == [TransitRoute(from: "c", to: "a")])
        #expect(throws: ConfigError.self) { try config.routes(["a->z"]) }
    }

    @Test func unknownProbeNameListsTheProbes() throws {
        let config = try ConfigFixtures.load("mesh.yaml")
        do {
            _ = try config.probe(named: "everywher")
            Issue.record("found")
        } catch {
            #expect(error.message == "no probe named \"everywher\"; the file has everywhere")
        }
    }

    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("1.5s", .milliseconds(1500)), ("5m", .seconds(300)),
        ("1h", .seconds(3600)), ("1m30s", .seconds(90)), ("0.25s", .milliseconds(250)), ("2h30m", .seconds(9000)),
    ])
    func durations(text: String, expected: Duration) {
        #expect(ConfigDuration.parse(text) == expected)
        #expect(ConfigDuration.parse(ConfigDuration.format(expected)) == expected)
    }

    /// Bare seconds (`30`) and days (`5d`) are durations too: see ConfigDurationTests.
    @Test(arguments: ["", "30 s", "-1s", "1.s", ".5s", "s", "1m 30s", "ms", "1e3s", "99999999999h"])
    func notDurations(text: String) {
        #expect(ConfigDuration.parse(text) == nil)
    }

    @Test(arguments: [
        ("mail.example.com", "mail.example.com", UInt16?.none), ("mail.example.com:587", "mail.example.com", 587),
        ("192.0.2.1:25", "192.0.2.1", 25), ("[2001:db8::1]:465", "2001:db8::1", 465), ("[::1]", "::1", nil), ("::1", "::1", nil),
        ("host:1", "host", 1), ("host:65535", "host", 65_535),
    ])
    func servers(text: String, host: String, port: UInt16?) throws {
        let parsed = try EndpointConfig.parseServer(text).get()
        #expect(parsed.host == host && parsed.port == port)
    }

    @Test(arguments: [":25", "host:0", "host:65536", "host:", "host:abc", "[::1", "[::1]25", "[]:25", "user@host", "host:-1"])
    func notServers(text: String) {
        #expect(throws: EndpointConfig.ServerSyntaxError.self) { try EndpointConfig.parseServer(text).get() }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
