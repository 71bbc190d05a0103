import Testing

@testable import Probe

/// Every error in the daemon's sections and the new probe keys names the file, the line and the key path.
@Suite("Config: errors in the daemon's sections")
struct ConfigServeErrorTests {
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// The sections above the accounts: line 1 is the first line of the file.
        var yaml: String
        var line: Int
        var keyPath: String
        var code: ConfigError.Code
        /// The whole message, or (with `exact` false) a part of it.
        var message: String
        var exact = true
        var testDescription: String { name }
    }

    static let hook = "notifiers:\n  ops-hook: {type: webhook, url: \"https://hooks.example/mail\"}\n"

    static let cases: [ErrorCase] = [
        // Unknown keys.
        ErrorCase(name: "unknown serve key", yaml: "serve:\n  listen: \"127.0.0.1:9925\"\n  retension: {runs: 30d}", line: 3,
                  keyPath: "serve.retension", code: .unknownKey,
                  message: "unknown key \"retension\"; expected one of listen, data_dir, public_url, api_token, metrics_token, concurrency, traces, retention, grace, canary, http (did you mean retention?)"),
        ErrorCase(name: "unknown retention key", yaml: "serve:\n  retention: {runs: 30d, rollup: 400d}", line: 2,
                  keyPath: "serve.retention.rollup", code: .unknownKey,
                  message: "unknown key \"rollup\"; expected one of runs, rollups (did you mean rollups?)"),
        ErrorCase(name: "unknown alerts key", yaml: "alerts:\n  for: 2\n  resolve: 2", line: 3, keyPath: "alerts.resolve", code: .unknownKey,
                  message: "unknown key \"resolve\"; expected one of for, resolve_after, repeat, no_data_after, routes, fallback, silences, maintenance"),
        ErrorCase(name: "unknown silence key", yaml: "alerts:\n  silences:\n    - {location: lab, ends: \"2026-12-24T18:00:00Z\", reason: x}", line: 3,
                  keyPath: "alerts.silences[0].reason", code: .unknownKey,
                  message: "unknown key \"reason\"; expected one of probe, route, location, starts, ends, comment"),
        ErrorCase(name: "unknown notifier key", yaml: "notifiers:\n  ops-hook: {type: webhook, url: \"https://hooks.example/mail\", fromat: slack}",
                  line: 2, keyPath: "notifiers.ops-hook.fromat", code: .unknownKey, message: "(did you mean format?)", exact: false),
        ErrorCase(name: "unknown probe key", yaml: "probes:\n  p:\n    type: smtp\n    account: corp\n    sned: false", line: 5,
                  keyPath: "probes.p.sned", code: .unknownKey, message: "unknown key \"sned\"", exact: false),
        ErrorCase(name: "unknown key in a probe's alerts", yaml: "probes:\n  p: {type: roundtrip, account: corp, alerts: {for: 3, silence: true}}",
                  line: 2, keyPath: "probes.p.alerts.silence", code: .unknownKey,
                  message: "unknown key \"silence\"; expected one of for, resolve_after, repeat"),
        // Keys of another type.
        ErrorCase(name: "notifier key of another type", yaml: "notifiers:\n  pager: {type: command, command: [/bin/true], url: \"https://x.example\"}",
                  line: 2, keyPath: "notifiers.pager.url", code: .unknownKey,
                  message: "url does not apply to a command notifier; expected one of type, timeout, retries, backoff, command"),
        ErrorCase(name: "send on a roundtrip probe", yaml: "probes:\n  p:\n    type: roundtrip\n    account: corp\n    send: false", line: 5,
                  keyPath: "probes.p.send", code: .unknownKey,
                  message: "send does not apply to a roundtrip probe; expected one of type, account, late_after, lost_after, interval, timeout, thresholds, certificate_days, notify, alerts"),
        ErrorCase(name: "idle_check on an smtp probe", yaml: "probes:\n  p:\n    type: smtp\n    account: corp\n    idle_check: true", line: 5,
                  keyPath: "probes.p.idle_check", code: .unknownKey,
                  message: "idle_check does not apply to a smtp probe; expected one of type, account, send, interval, timeout, thresholds, certificate_days, notify, alerts"),
        ErrorCase(name: "send on an imap probe", yaml: "probes:\n  p:\n    type: imap\n    account: corp\n    send: true", line: 5,
                  keyPath: "probes.p.send", code: .unknownKey, message: "send does not apply to a imap probe", exact: false),
        ErrorCase(name: "late_after on an smtp probe", yaml: "probes:\n  p: {type: smtp, account: corp, late_after: 1m}", line: 2,
                  keyPath: "probes.p.late_after", code: .unknownKey, message: "late_after does not apply to a smtp probe", exact: false),
        ErrorCase(name: "send not a boolean", yaml: "probes:\n  p: {type: smtp, account: corp, send: maybe}", line: 2,
                  keyPath: "probes.p.send", code: .invalidValue, message: "expected true or false, got \"maybe\""),
        ErrorCase(name: "unknown probe type", yaml: "probes:\n  p: {type: pop3, account: corp}", line: 2, keyPath: "probes.p.type",
                  code: .invalidValue, message: "expected one of roundtrip, transit, smtp, imap, got \"pop3\""),
        // Names of notifiers.
        ErrorCase(name: "probe notifies an unknown notifier", yaml: hook + "probes:\n  p:\n    type: roundtrip\n    account: corp\n    notify: [ops-hook, oncall]",
                  line: 7, keyPath: "probes.p.notify[1]", code: .unknownKey, message: "no notifier named \"oncall\"; notifiers are ops-hook"),
        ErrorCase(name: "probe notifies when there are no notifiers", yaml: "probes:\n  p: {type: imap, account: corp, notify: oncall}", line: 2,
                  keyPath: "probes.p.notify", code: .unknownKey, message: "no notifier named \"oncall\"; notifiers are none"),
        ErrorCase(name: "route to an unknown notifier", yaml: hook + "alerts:\n  routes:\n    - {severity: critical, notify: [pager]}", line: 5,
                  keyPath: "alerts.routes[0].notify[0]", code: .unknownKey, message: "no notifier named \"pager\"; notifiers are ops-hook"),
        ErrorCase(name: "fallback to an unknown notifier", yaml: hook + "alerts:\n  fallback: ops-mail", line: 4, keyPath: "alerts.fallback",
                  code: .unknownKey, message: "no notifier named \"ops-mail\"; notifiers are ops-hook"),
        ErrorCase(name: "fallback to two notifiers", yaml: hook + "alerts:\n  fallback: [ops-hook, ops-hook]", line: 4, keyPath: "alerts.fallback",
                  code: .invalidValue, message: "expected one notifier name, got a list"),
        ErrorCase(name: "bad notifier name", yaml: "notifiers:\n  \"ops hook\": {type: command, command: [/bin/true]}", line: 2,
                  keyPath: "notifiers.ops hook", code: .invalidValue, message: "notifier names may use letters, digits, '-', '_' and '.', got \"ops hook\""),
        // Alerts.
        ErrorCase(name: "route with a bad severity", yaml: hook + "alerts:\n  routes:\n    - {severity: urgent, notify: ops-hook}", line: 5,
                  keyPath: "alerts.routes[0].severity", code: .invalidValue, message: "expected one of warning, critical, got \"urgent\""),
        ErrorCase(name: "route without notify", yaml: "alerts:\n  routes:\n    - {severity: warning}", line: 3, keyPath: "alerts.routes[0].notify",
                  code: .missingKey, message: "required, but missing"),
        ErrorCase(name: "for of zero", yaml: "alerts:\n  for: 0", line: 2, keyPath: "alerts.for", code: .invalidValue,
                  message: "expected a number from 1 to 1000, got 0"),
        ErrorCase(name: "silence without matchers", yaml: "alerts:\n  silences:\n    - {ends: \"2026-12-24T18:00:00Z\", comment: everything}", line: 3,
                  keyPath: "alerts.silences[0]", code: .missingKey, message: "name the probe, route or location it applies to"),
        ErrorCase(name: "silence of a probe that does not exist", yaml: "alerts:\n  silences:\n    - {probe: nope, ends: \"2026-12-24T18:00:00Z\"}",
                  line: 3, keyPath: "alerts.silences[0].probe", code: .unknownKey, message: "no probe named \"nope\"; probes are none"),
        ErrorCase(name: "silence without an end", yaml: "alerts:\n  silences:\n    - {location: lab}", line: 3, keyPath: "alerts.silences[0].ends",
                  code: .missingKey, message: "required, but missing"),
        ErrorCase(name: "silence ending before it starts",
                  yaml: "alerts:\n  silences:\n    - location: lab\n      starts: \"2026-12-24T18:00:00Z\"\n      ends: \"2026-12-24T17:00:00Z\"", line: 3,
                  keyPath: "alerts.silences[0]", code: .invalidValue, message: "a silence must end after it starts"),
        ErrorCase(name: "silence ending as it starts",
                  yaml: "alerts:\n  silences:\n    - {location: lab, starts: \"2026-12-24T18:00:00Z\", ends: \"2026-12-24T19:00:00+01:00\"}", line: 3,
                  keyPath: "alerts.silences[0]", code: .invalidValue, message: "a silence must end after it starts"),
        ErrorCase(name: "silence ending on a date that does not exist", yaml: "alerts:\n  silences:\n    - {location: lab, ends: \"2026-02-30T00:00:00Z\"}",
                  line: 3, keyPath: "alerts.silences[0].ends", code: .invalidValue,
                  message: "expected an RFC 3339 date and time such as 2026-12-24T18:00:00Z, got \"2026-02-30T00:00:00Z\""),
        ErrorCase(name: "silence with a bad route", yaml: "alerts:\n  silences:\n    - {route: corp=>other, ends: 0}", line: 3,
                  keyPath: "alerts.silences[0]", code: .invalidValue, message: "route: expected ACCOUNT->ACCOUNT, got \"corp=>other\""),
        ErrorCase(name: "weekly window of a week",
                  yaml: "alerts:\n  maintenance:\n    - {location: berlin, start: \"2026-12-06T00:00:00Z\", end: \"2026-12-13T00:00:00Z\", weekly: true}",
                  line: 3, keyPath: "alerts.maintenance[0]", code: .invalidValue, message: "a weekly maintenance window must be shorter than a week"),
        ErrorCase(name: "window ending before it starts",
                  yaml: "alerts:\n  maintenance:\n    - {location: lab, start: \"2026-12-06T04:00:00Z\", end: \"2026-12-06T02:00:00Z\"}",
                  line: 3, keyPath: "alerts.maintenance[0]", code: .invalidValue, message: "a maintenance window must end after it starts"),
        ErrorCase(name: "window without matchers", yaml: "alerts:\n  maintenance:\n    - {start: 0, end: 1000}", line: 3,
                  keyPath: "alerts.maintenance[0]", code: .missingKey, message: "name the probe, route or location it applies to"),
        // Notifiers.
        ErrorCase(name: "sms without credentials or url", yaml: "notifiers:\n  sms: {type: sms, from: \"+15550100\", to: [\"+15550111\"]}", line: 2,
                  keyPath: "notifiers.sms", code: .missingKey,
                  message: "an sms notifier needs account_sid and auth_token (Twilio), or url and template (another gateway)"),
        ErrorCase(name: "sms with an account_sid only", yaml: "notifiers:\n  sms: {type: sms, account_sid: AC1, from: \"+1555\", to: \"+1556\"}", line: 2,
                  keyPath: "notifiers.sms", code: .missingKey,
                  message: "an sms notifier needs account_sid and auth_token (Twilio), or url and template (another gateway)"),
        ErrorCase(name: "sms gateway without template", yaml: "notifiers:\n  sms: {type: sms, url: \"https://sms.example\", from: \"+1555\", to: \"+1556\"}",
                  line: 2, keyPath: "notifiers.sms", code: .missingKey, message: "a gateway url needs a template", exact: false),
        ErrorCase(name: "notifier without type", yaml: "notifiers:\n  x: {url: \"https://hooks.example\"}", line: 2, keyPath: "notifiers.x.type",
                  code: .missingKey, message: "required, but missing"),
        ErrorCase(name: "webhook with a bad format", yaml: "notifiers:\n  x: {type: webhook, url: \"https://h.example\", format: xml}", line: 2,
                  keyPath: "notifiers.x.format", code: .invalidValue, message: "expected one of json, slack, teams, got \"xml\""),
        ErrorCase(name: "webhook url not http", yaml: "notifiers:\n  x: {type: webhook, url: \"ftp://h.example\"}", line: 2, keyPath: "notifiers.x.url",
                  code: .invalidValue, message: "expected an http:// or https:// URL, got \"ftp://h.example\""),
        ErrorCase(name: "webhook url without a host", yaml: "notifiers:\n  x: {type: webhook, url: \"https://\"}", line: 2, keyPath: "notifiers.x.url",
                  code: .invalidValue, message: "expected an http:// or https:// URL, got \"https://\""),
        ErrorCase(name: "email from an unknown account", yaml: "notifiers:\n  x: {type: email, account: crop, to: ops@corp.example}", line: 2,
                  keyPath: "notifiers.x.account", code: .unknownAccount, message: "no account named \"crop\"; accounts are corp"),
        ErrorCase(name: "command without a program", yaml: "notifiers:\n  x: {type: command, command: []}", line: 2, keyPath: "notifiers.x.command",
                  code: .invalidValue, message: "expected the program and its arguments"),
        ErrorCase(name: "too many retries", yaml: "notifiers:\n  x: {type: command, command: [/bin/true], retries: 101}", line: 2,
                  keyPath: "notifiers.x.retries", code: .invalidValue, message: "expected a number from 0 to 100, got 101"),
        // Serve.
        ErrorCase(name: "unknown http key", yaml: "serve:\n  http: {max_conections: 10}", line: 2, keyPath: "serve.http.max_conections",
                  code: .unknownKey, message: "(did you mean max_connections?)", exact: false),
        ErrorCase(name: "no connections at all", yaml: "serve:\n  http: {max_connections: 0}", line: 2, keyPath: "serve.http.max_connections",
                  code: .invalidValue, message: "expected a number from 1 to 100000, got 0"),
        ErrorCase(name: "request timeout of an hour and more", yaml: "serve:\n  http:\n    request_timeout: 2h", line: 3,
                  keyPath: "serve.http.request_timeout", code: .invalidValue, message: "2h", exact: false),
        ErrorCase(name: "listen without a port", yaml: "serve:\n  listen: 127.0.0.1", line: 2, keyPath: "serve.listen", code: .invalidValue,
                  message: "expected HOST:PORT such as 127.0.0.1:9925, got \"127.0.0.1\""),
        ErrorCase(name: "listen on port 0", yaml: "serve:\n  listen: \"127.0.0.1:0\"", line: 2, keyPath: "serve.listen", code: .invalidValue,
                  message: "port 0 is out of range 1–65535, got \"127.0.0.1:0\""),
        ErrorCase(name: "public_url not http", yaml: "serve:\n  public_url: mailprobe.corp.example", line: 2, keyPath: "serve.public_url",
                  code: .invalidValue, message: "expected an http:// or https:// URL, got \"mailprobe.corp.example\""),
        ErrorCase(name: "public_url with a space", yaml: "serve:\n  public_url: \"https://mail probe.example\"", line: 2, keyPath: "serve.public_url",
                  code: .invalidValue, message: "expected an http:// or https:// URL, got \"https://mail probe.example\""),
        ErrorCase(name: "unknown trace policy", yaml: "serve:\n  traces: sometimes", line: 2, keyPath: "serve.traces", code: .invalidValue,
                  message: "expected one of never, failures, always, got \"sometimes\""),
        ErrorCase(name: "no concurrency", yaml: "serve:\n  concurrency: 0", line: 2, keyPath: "serve.concurrency", code: .invalidValue,
                  message: "expected a number from 1 to 10000, got 0"),
        ErrorCase(name: "canary without a port", yaml: "serve:\n  canary: 192.0.2.53", line: 2, keyPath: "serve.canary", code: .invalidValue,
                  message: "expected HOST:PORT such as 192.0.2.53:53, got \"192.0.2.53\""),
        ErrorCase(name: "interval of 30 days", yaml: "probes:\n  p:\n    type: roundtrip\n    account: corp\n    interval: 30d", line: 5,
                  keyPath: "probes.p.interval", code: .invalidValue, message: "expected a duration above 0 and at most 7d, got \"30d\""),
        ErrorCase(name: "retention beyond ten years", yaml: "serve:\n  retention:\n    runs: 3651d", line: 3, keyPath: "serve.retention.runs",
                  code: .invalidValue, message: "expected a duration such as 500ms, 30s, 5m or 1h, got \"3651d\""),
        // Secrets must be references.
        ErrorCase(name: "literal api_token", yaml: "serve:\n  api_token: s3cr3t-api-token", line: 2, keyPath: "serve.api_token", code: .invalidValue,
                  message: "write a reference to the secret, {env: NAME}, {file: PATH} or {command: \"...\"}; the file never holds the secret itself"),
        ErrorCase(name: "literal metrics_token", yaml: "serve:\n  metrics_token: s3cr3t-metrics", line: 2, keyPath: "serve.metrics_token",
                  code: .invalidValue, message: "write a reference to the secret", exact: false),
        ErrorCase(name: "literal auth_token",
                  yaml: "notifiers:\n  sms:\n    type: sms\n    account_sid: AC1\n    auth_token: tw1l10-s3cr3t\n    from: \"+1555\"\n    to: \"+1556\"",
                  line: 5, keyPath: "notifiers.sms.auth_token", code: .invalidValue,
                  message: "write a reference to the secret, {env: NAME}, {file: PATH} or {command: \"...\"}; the file never holds the secret itself"),
        ErrorCase(name: "literal webhook secret", yaml: "notifiers:\n  x: {type: webhook, url: \"https://h.example\", secret: s3cr3t-hmac}", line: 2,
                  keyPath: "notifiers.x.secret", code: .invalidValue, message: "write a reference to the secret", exact: false),
        ErrorCase(name: "two secret references", yaml: "serve:\n  api_token: {env: A, file: /b}", line: 2, keyPath: "serve.api_token",
                  code: .conflictingKeys, message: "give exactly one of env, file, command"),
    ]

    @Test(arguments: cases)
    func errorNamesFileLineAndKey(_ expected: ErrorCase) throws {
        do {
            let config = try ConfigServeTests.parse(expected.yaml)
            Issue.record("parsed: \(config.probeNames) \(config.notifiers.map(\.name))")
        } catch {
            #expect(error.file == "mailprobe.yaml")
            #expect(error.line == expected.line, "\(error)")
            #expect(error.keyPath == expected.keyPath, "\(error)")
            #expect(error.code == expected.code, "\(error)")
            if expected.exact {
                #expect(error.message == expected.message)
            } else {
                #expect(error.message.contains(expected.message), "\(error.message)")
            }
            #expect(error.description == "mailprobe.yaml:\(expected.line): \(expected.keyPath): \(error.message)")
            for secret in ["s3cr3t-api-token", "s3cr3t-metrics", "tw1l10-s3cr3t", "s3cr3t-hmac"] {
                #expect(!error.description.contains(secret) && !String(reflecting: error).contains(secret), "a secret is never echoed")
            }
        }
    }

    /// The limits that are not errors: what the cases above would reject just past them.
    @Test(arguments: [
        "alerts:\n  maintenance:\n    - {location: berlin, start: \"2026-12-06T00:00:00Z\", end: \"2026-12-13T00:00:00Z\"}",
        "alerts:\n  maintenance:\n    - {location: berlin, start: \"2026-12-06T00:00:00Z\", end: \"2026-12-12T23:59:59.999Z\", weekly: true}",
        "alerts:\n  silences:\n    - {location: lab, starts: \"2026-12-24T18:00:00Z\", ends: \"2026-12-24T18:00:00.001Z\"}",
        "serve:\n  retention: {runs: 400d}",
        "probes:\n  p: {type: roundtrip, account: corp, interval: 7d}",
        "notifiers:\n  sms: {type: sms, url: \"https://sms.example\", template: {to: \"{to}\"}, from: \"+1555\", to: \"+1556\"}",
        "notifiers:\n  x: {type: webhook, url: \"http://h\"}",
        "serve:\n  public_url: \"http://h\"",
    ])
    func justWithinTheLimits(yaml: String) {
        #expect(throws: Never.self) { try ConfigServeTests.parse(yaml) }
    }
}
