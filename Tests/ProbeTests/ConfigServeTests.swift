import Testing

@testable import Probe

/// `serve:`, `alerts:` and `notifiers:`: the documented examples parse to the expected values.
@Suite("Config: the daemon's sections")
struct ConfigServeTests {
    /// The accounts every file here needs; placed last, so that the lines of the sections above stay as written.
    static let accounts = """
        accounts:
          corp:
            address: probe@corp.example
            smtp: {server: "smtp.corp.example:587", tls: starttls, password: {env: CORP_PW}}
            imap: {server: "imap.corp.example:993", tls: tls, password: {env: CORP_PW}}
        """

    static func parse(_ sections: String) throws(ConfigError) -> ProbeConfigFile {
        try ProbeConfigFile.parse(yaml: sections + "\n" + accounts, file: "mailprobe.yaml")
    }

    /// The indented example in the doc comment at the top of `Sources/Probe/Config/<name>`.
    static func docExample(_ name: String) throws -> String {
        let path = ConfigFixtures.path("../../Sources/Probe/Config/" + name)
        let text = String(decoding: try ProbeConfigFile.readFile(path, limit: 1 << 20).get(), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("///     ") }.prefix { $0.hasPrefix("///     ") }
        return lines.map { String($0.dropFirst(8)) }.joined(separator: "\n")
    }

    static func ms(_ text: String) -> Int64 { ConfigTimestamp.parse(text) ?? -1 }

    @Test func noSectionsGiveTheDefaults() throws {
        let config = try Self.parse("location: here")
        #expect(config.serve == ServeConfig())
        #expect(config.alerts == AlertsConfig())
        #expect(config.notifiers.isEmpty)
        let serve = ServeConfig()
        #expect(serve.listenHost == "127.0.0.1" && serve.listenPort == 9925 && serve.dataDirectory == nil && serve.publicURL == nil)
        #expect(serve.apiToken == nil && serve.metricsToken == nil && serve.concurrency == 64 && serve.traces == .failures)
        #expect(serve.retainRuns == .seconds(30 * 86_400) && serve.retainRollups == .seconds(400 * 86_400))
        #expect(serve.grace == .seconds(30) && serve.canary == nil && serve.listensOnLoopbackOnly)
        let alerts = AlertsConfig()
        #expect(alerts.forRuns == 2 && alerts.resolveAfter == 2 && alerts.repeatInterval == .seconds(4 * 3600))
        #expect(alerts.noDataAfterIntervals == 3 && alerts.routes.isEmpty && alerts.fallback == nil)
        #expect(alerts.silences.isEmpty && alerts.maintenance.isEmpty)
    }

    @Test func listenerLimits() throws {
        let config = try Self.parse("serve:\n  http: {max_connections: 10, max_connections_per_client: 2, request_timeout: 3s, max_header_bytes: 4096}")
        #expect(config.serve.http == HTTPListenerLimits(maxConnections: 10, maxConnectionsPerClient: 2, requestTimeout: .seconds(3), maxHeaderBytes: 4096))
        let defaults = HTTPListenerLimits()
        #expect(defaults.maxConnections == 256 && defaults.maxConnectionsPerClient == 32 && defaults.requestTimeout == .seconds(15)
            && defaults.maxHeaderBytes == 32 * 1024)
    }

    @Test func theDocumentedExamplesParse() throws {
        let serve = try Self.docExample("ServeConfig.swift")
        let alerts = try Self.docExample("AlertsConfig.swift")
        let notifiers = try Self.docExample("NotifierSpec.swift")
        #expect(serve.hasPrefix("serve:\n") && alerts.hasPrefix("alerts:\n") && notifiers.hasPrefix("notifiers:\n"))
        let config = try Self.parse([serve, alerts, notifiers, "probes:\n  corp-roundtrip: {type: roundtrip, account: corp}"]
            .joined(separator: "\n"))

        #expect(config.serve == ServeConfig(listenHost: "127.0.0.1", listenPort: 9925, dataDirectory: "/var/lib/mailprobe",
                                            publicURL: "https://mailprobe.corp.example", apiToken: .passwordEnv("MAILPROBE_API_TOKEN"),
                                            concurrency: 64, traces: .failures, retainRuns: .seconds(30 * 86_400),
                                            retainRollups: .seconds(400 * 86_400)))

        #expect(config.alerts == AlertsConfig(
            forRuns: 2, resolveAfter: 2, repeatInterval: .seconds(4 * 3600),
            routes: [AlertsConfig.Route(severity: "critical", notify: ["oncall-sms"])], fallback: "ops-mail",
            silences: [AlertsConfig.Silence(probe: "corp-roundtrip", route: nil, location: nil, startsAtMs: nil,
                                            endsAtMs: 1_798_135_200_000, comment: "provider maintenance")],
            maintenance: [AlertsConfig.Maintenance(probe: "corp-roundtrip", route: nil, location: nil, startMs: 1_796_522_400_000,
                                                   endMs: 1_796_529_600_000, weekly: true)]))

        #expect(config.notifiers == [
            NotifierSpec(name: "ops-hook", kind: .webhook(url: "https://hooks.example/mail", format: "slack", headers: [:], secret: nil)),
            NotifierSpec(name: "oncall-sms", kind: .sms(NotifierSpec.SMS(accountSID: "AC0123", authToken: .passwordEnv("TWILIO_TOKEN"),
                                                                         from: "+15550100", to: ["+15550111"]))),
            NotifierSpec(name: "ops-mail", kind: .email(account: "corp", from: nil, to: ["ops@corp.example"])),
            NotifierSpec(name: "am", kind: .alertmanager(url: "http://127.0.0.1:9093", token: nil)),
            NotifierSpec(name: "pager", kind: .command(argv: ["/usr/local/bin/page", "--team", "mail"]), timeout: .seconds(20)),
        ])
        #expect(config.notifiers.map(\.type) == ["webhook", "sms", "email", "alertmanager", "command"])
    }

    /// The example of `serve:`, `alerts:`, `notifiers:` and the new probe types in docs/config.md.
    @Test func theConfigDocsDaemonExampleParses() throws {
        let bytes = try ProbeConfigFile.readFile(ConfigFixtures.path("../../docs/config.md"), limit: 1 << 20).get()
        let blocks = String(decoding: bytes, as: UTF8.self).split(separator: "```yaml\n").dropFirst()
            .map { String($0.split(separator: "```", maxSplits: 1, omittingEmptySubsequences: false)[0]) }
        let example = try #require(blocks.first { $0.contains("\nserve:\n") })
        let config = try ProbeConfigFile.parse(yaml: example, file: "docs/config.md")
        #expect(config.probeNames == ["corp-roundtrip", "corp-submission", "corp-imap"])
        #expect(try config.probe(named: "corp-roundtrip").notify == ["ops-hook"])
        #expect(try config.probe(named: "corp-roundtrip").alerts == AlertsConfig.Overrides(forRuns: 3, repeatInterval: .seconds(3600)))
        #expect(try config.probe(named: "corp-submission").kind == .smtp(account: "corp", send: false))
        #expect(try config.probe(named: "corp-imap").kind == .imap(account: "corp", idleCheck: true))
        #expect(config.serve == ServeConfig(dataDirectory: "/var/lib/mailprobe", publicURL: "https://mailprobe.corp.example",
                                            apiToken: .passwordEnv("MAILPROBE_API_TOKEN"), canary: "192.0.2.53:53"),
                "the example spells out the defaults")
        #expect(config.alerts.routes == [AlertsConfig.Route(severity: "critical", notify: ["oncall-sms"]),
                                         AlertsConfig.Route(severity: "warning", notify: ["ops-hook"])])
        #expect(config.alerts.forRuns == 2 && config.alerts.resolveAfter == 2 && config.alerts.repeatInterval == .seconds(4 * 3600))
        #expect(config.alerts.noDataAfterIntervals == 3 && config.alerts.fallback == "ops-mail")
        #expect(config.alerts.silences.map(\.endsAtMs) == [1_798_135_200_000])
        #expect(config.alerts.maintenance == [AlertsConfig.Maintenance(probe: nil, route: nil, location: "office-berlin",
                                                                       startMs: 1_796_518_800_000, endMs: 1_796_526_000_000, weekly: true)])
        #expect(config.notifiers.map(\.name) == ["ops-hook", "oncall-sms", "ops-mail", "am", "pager"])
        #expect(config.notifiers[1].kind == .sms(NotifierSpec.SMS(accountSID: "AC0123456789", authToken: .passwordEnv("TWILIO_TOKEN"),
                                                                   from: "+15550100", to: ["+15550111", "+15550112"])))
    }

    @Test func everyServeKey() throws {
        let config = try Self.parse("""
            serve:
              listen: "[::1]:8080"
              data_dir: /srv/mailprobe
              public_url: http://probe.example/
              api_token: {file: /etc/mailprobe/api.token}
              metrics_token: {command: "pass show mailprobe/metrics | head -n 1"}
              concurrency: 8
              traces: always
              retention: {runs: 7d}
              grace: 1m
              canary: "192.0.2.53:53"
            """)
        #expect(config.serve == ServeConfig(listenHost: "::1", listenPort: 8080, dataDirectory: "/srv/mailprobe",
                                            publicURL: "http://probe.example/", apiToken: .passwordFile("/etc/mailprobe/api.token"),
                                            metricsToken: .passwordCommand("pass show mailprobe/metrics | head -n 1"),
                                            concurrency: 8, traces: .always, retainRuns: .seconds(7 * 86_400),
                                            retainRollups: .seconds(400 * 86_400), grace: .seconds(60), canary: "192.0.2.53:53"))
        #expect(config.serve.listensOnLoopbackOnly)
        #expect(try !Self.parse("serve: {listen: \"0.0.0.0:9925\"}").serve.listensOnLoopbackOnly)
        #expect(try Self.parse("serve: {listen: \"localhost:9925\"}").serve.listensOnLoopbackOnly)
        #expect(try Self.parse("serve: {retention: {runs: 400d}}").serve.retainRuns == .seconds(400 * 86_400))
        #expect(try Self.parse("serve: {traces: never}").serve.traces == .never)
    }

    @Test func everyAlertsKey() throws {
        let config = try Self.parse("""
            notifiers:
              a: {type: command, command: [/bin/true]}
              b: {type: command, command: /bin/true}
            alerts:
              for: 3
              resolve_after: 1
              repeat: 90m
              no_data_after: 5
              routes:
                - {severity: warning, notify: a}
                - {severity: critical, notify: [a, b]}
              fallback: b
              silences:
                - {route: corp->other, starts: "2026-12-24T17:00:00Z", ends: 1798135200000}
                - {location: berlin, ends: "2026-12-24T19:00:00+01:00", comment: move}
              maintenance:
                - {location: berlin, start: "2026-12-06T00:00:00Z", end: "2026-12-13T00:00:00Z"}
                - {route: "a -> b", start: "2026-12-06T00:00:00Z", end: "2026-12-12T23:59:59Z", weekly: true}
            """)
        #expect(config.alerts == AlertsConfig(
            forRuns: 3, resolveAfter: 1, repeatInterval: .seconds(5400), noDataAfterIntervals: 5,
            routes: [AlertsConfig.Route(severity: "warning", notify: ["a"]), AlertsConfig.Route(severity: "critical", notify: ["a", "b"])],
            fallback: "b",
            silences: [
                AlertsConfig.Silence(probe: nil, route: "corp->other", location: nil, startsAtMs: 1_798_131_600_000,
                                     endsAtMs: 1_798_135_200_000, comment: ""),
                AlertsConfig.Silence(probe: nil, route: nil, location: "berlin", startsAtMs: nil, endsAtMs: 1_798_135_200_000, comment: "move"),
            ],
            maintenance: [
                AlertsConfig.Maintenance(probe: nil, route: nil, location: "berlin", startMs: Self.ms("2026-12-06T00:00:00Z"),
                                         endMs: Self.ms("2026-12-13T00:00:00Z"), weekly: false),
                AlertsConfig.Maintenance(probe: nil, route: "a -> b", location: nil, startMs: Self.ms("2026-12-06T00:00:00Z"),
                                         endMs: Self.ms("2026-12-12T23:59:59Z"), weekly: true),
            ]))
        #expect(config.notifiers.map(\.timeout) == [.seconds(30), .seconds(30)], "a command notifier waits 30 s by default")
        #expect(config.notifiers.last?.kind == .command(argv: ["/bin/true"]))
    }

    @Test func headerValuesMayBeSecretReferences() throws {
        let config = try Self.parse("""
            notifiers:
              hook:
                type: webhook
                url: "https://hooks.example/mail"
                headers: {Authorization: {env: HOOK_TOKEN}, X-Team: mail}
              gateway:
                type: sms
                from: "+1555"
                to: "+1556"
                url: "https://sms.example/send"
                template: {number: "{to}"}
                headers: {X-Api-Key: {file: /etc/sms.key}}
            """)
        #expect(config.notifiers.first?.kind == .webhook(url: "https://hooks.example/mail", format: "json",
                                                         headers: ["Authorization": .secret(.passwordEnv("HOOK_TOKEN")), "X-Team": .text("mail")],
                                                         secret: nil))
        guard case .sms(let sms) = config.notifiers.last?.kind else { Issue.record("not an sms notifier"); return }
        #expect(sms.headers == ["X-Api-Key": .secret(.passwordFile("/etc/sms.key"))])
        #expect("\(NotifierSpec.HeaderValue.text("Bearer s3cr3t"))" == "****", "a literal header value is not printed")
        let error = #expect(throws: ConfigError.self) {
            try Self.parse("""
                notifiers:
                  hook: {type: webhook, url: "https://hooks.example/mail", headers: {Authorization: {vault: x}}}
                """)
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("env"), "the error names the reference forms")
    }

    @Test func everyNotifierKey() throws {
        let config = try Self.parse("""
            notifiers:
              hook:
                type: webhook
                url: "https://hooks.example/mail"
                format: teams
                headers: {X-Team: mail}
                secret: {env: HOOK_SECRET}
                timeout: 5s
                retries: 0
                backoff: 1m
              twilio: {type: sms, account_sid: AC1, auth_token: {file: /etc/twilio}, from: "+1555", to: "+1556", base_url: "http://127.0.0.1:8080"}
              gateway:
                type: sms
                from: "+1555"
                to: ["+1556", "+1557"]
                url: "https://sms.example/send"
                encoding: json
                template: {number: "{to}", text: "{body}"}
                headers: {Authorization: Basic x}
                success_match: '"ok":true'
              mail: {type: email, account: corp, from: mailprobe@corp.example, to: ops@corp.example}
              am: {type: alertmanager, url: "https://am.example", token: {command: "cat /etc/am.token"}}
            """)
        #expect(config.notifiers == [
            NotifierSpec(name: "hook", kind: .webhook(url: "https://hooks.example/mail", format: "teams", headers: ["X-Team": .text("mail")],
                                                      secret: .passwordEnv("HOOK_SECRET")),
                         timeout: .seconds(5), retries: 0, backoff: .seconds(60)),
            NotifierSpec(name: "twilio", kind: .sms(NotifierSpec.SMS(accountSID: "AC1", authToken: .passwordFile("/etc/twilio"), from: "+1555",
                                                                     to: ["+1556"], baseURL: "http://127.0.0.1:8080"))),
            NotifierSpec(name: "gateway", kind: .sms(NotifierSpec.SMS(
                accountSID: nil, authToken: nil, from: "+1555", to: ["+1556", "+1557"], url: "https://sms.example/send", encoding: "json",
                template: ["number": "{to}", "text": "{body}"], headers: ["Authorization": .text("Basic x")], successMatch: "\"ok\":true"))),
            NotifierSpec(name: "mail", kind: .email(account: "corp", from: "mailprobe@corp.example", to: ["ops@corp.example"])),
            NotifierSpec(name: "am", kind: .alertmanager(url: "https://am.example", token: .passwordCommand("cat /etc/am.token"))),
        ])
    }

    @Test func theNewProbeTypesAndKeys() throws {
        let config = try Self.parse("""
            notifiers:
              ops: {type: command, command: [/bin/true]}
            probes:
              corp-smtp: {type: smtp, account: corp, send: false, notify: [ops], alerts: {for: 3, repeat: 1h}}
              corp-smtp-send: {type: smtp, account: corp, thresholds: {smtp.data_accepted: {critical: 10s}}}
              corp-imap: {type: imap, account: corp, idle_check: true, notify: ops, alerts: {resolve_after: 4}}
              corp-imap-plain: {type: imap, account: corp, thresholds: {imap.select: {warning: 2s}}}
            """)
        let smtp = try config.probe(named: "corp-smtp")
        #expect(smtp.kind == .smtp(account: "corp", send: false) && smtp.recordKind == .smtp && smtp.accountNames == ["corp"])
        #expect(smtp.notify == ["ops"] && smtp.alerts == AlertsConfig.Overrides(forRuns: 3, repeatInterval: .seconds(3600)))
        #expect(smtp.description == "corp-smtp: smtp corp (no message) every 5m, timeout 30s, late after 1m, lost after 5m")
        let send = try config.probe(named: "corp-smtp-send")
        #expect(send.kind == .smtp(account: "corp", send: true), "send defaults to true")
        #expect(send.thresholds.phases == ["smtp.data_accepted": .init(critical: .seconds(10))])
        #expect(send.notify.isEmpty && send.alerts == AlertsConfig.Overrides())
        let imap = try config.probe(named: "corp-imap")
        #expect(imap.kind == .imap(account: "corp", idleCheck: true) && imap.recordKind == .imap)
        #expect(imap.notify == ["ops"] && imap.alerts == AlertsConfig.Overrides(resolveAfter: 4))
        #expect(imap.description.hasPrefix("corp-imap: imap corp (IDLE checked) every 5m"))
        #expect(try config.probe(named: "corp-imap-plain").kind == .imap(account: "corp", idleCheck: false), "idle_check defaults to false")
    }
}
