/// `serve:`, `alerts:` and `notifiers:`: the daemon's part of the file.
extension ConfigParser {
    static let serveKeys = ["listen", "data_dir", "public_url", "api_token", "metrics_token", "concurrency", "traces",
                            "retention", "grace", "canary", "http"]
    static let alertsKeys = ["for", "resolve_after", "repeat", "no_data_after", "routes", "fallback", "silences", "maintenance"]
    static let matcherKeys = ["probe", "route", "location"]
    static let notifierCommonKeys = ["type", "timeout", "retries", "backoff"]
    static let notifierKeys: [String: [String]] = [
        "webhook": ["url", "format", "headers", "secret"],
        "sms": ["account_sid", "auth_token", "from", "to", "base_url", "url", "encoding", "template", "headers", "success_match"],
        "email": ["account", "from", "to"],
        "alertmanager": ["url", "token"],
        "command": ["command"],
    ]

    func parseServe(_ node: ConfigNode) throws(ConfigError) -> ServeConfig {
        let map = try node.mapping(allowed: Self.serveKeys)
        var serve = ServeConfig()
        if let value = map["listen"] {
            switch EndpointConfig.parseServer(try value.string("HOST:PORT")) {
            case .success(let parsed):
                serve.listenHost = parsed.host
                guard let port = parsed.port else { throw value.problem("expected HOST:PORT such as 127.0.0.1:9925, got \(value.shown)") }
                serve.listenPort = port
            case .failure(let failure): throw value.problem("\(failure.message), got \(value.shown)")
            }
        }
        if let value = map["data_dir"] { serve.dataDirectory = resolvePath(try value.string("a directory")) }
        if let value = map["public_url"] { serve.publicURL = try self.url(value) }
        if let value = map["api_token"] { serve.apiToken = try parseCredential(value, kinds: ["env", "file", "command"], oauth2: false) }
        if let value = map["metrics_token"] { serve.metricsToken = try parseCredential(value, kinds: ["env", "file", "command"], oauth2: false) }
        if let value = map["concurrency"] { serve.concurrency = try value.int(in: 1...10_000) }
        if let value = map["traces"] {
            serve.traces = ServeConfig.TracePolicy(rawValue: try value.oneOf(ServeConfig.TracePolicy.allCases.map(\.rawValue)))!
        }
        if let value = map["retention"] {
            let retention = try value.mapping(allowed: ["runs", "rollups"])
            if let runs = retention["runs"] { serve.retainRuns = try runs.duration(atMost: ConfigDuration.longest) }
            if let rollups = retention["rollups"] { serve.retainRollups = try rollups.duration(atMost: ConfigDuration.longest) }
        }
        if let value = map["grace"] { serve.grace = try value.duration() }
        if let value = map["canary"] {
            let text = try value.string("HOST:PORT")
            guard case .success(let parsed) = EndpointConfig.parseServer(text), parsed.port != nil else {
                throw value.problem("expected HOST:PORT such as 192.0.2.53:53, got \(value.shown)")
            }
            serve.canary = text
        }
        if let value = map["http"] {
            let http = try value.mapping(allowed: ["max_connections", "max_connections_per_client", "request_timeout", "max_header_bytes"])
            if let limit = http["max_connections"] { serve.http.maxConnections = try limit.int(in: 1...100_000) }
            if let limit = http["max_connections_per_client"] { serve.http.maxConnectionsPerClient = try limit.int(in: 1...100_000) }
            if let limit = http["request_timeout"] { serve.http.requestTimeout = try limit.duration(atMost: .seconds(3600)) }
            if let limit = http["max_header_bytes"] { serve.http.maxHeaderBytes = try limit.int(in: 1024...1_048_576) }
        }
        return serve
    }

    func parseAlerts(_ node: ConfigNode, notifiers: [String], probes: [String]) throws(ConfigError) -> AlertsConfig {
        let map = try node.mapping(allowed: Self.alertsKeys)
        var alerts = AlertsConfig()
        let overrides = try parseAlertOverrides(map)
        alerts.forRuns = overrides.forRuns ?? alerts.forRuns
        alerts.resolveAfter = overrides.resolveAfter ?? alerts.resolveAfter
        alerts.repeatInterval = overrides.repeatInterval ?? alerts.repeatInterval
        if let value = map["no_data_after"] { alerts.noDataAfterIntervals = try value.int(in: 1...1000) }
        if let value = map["routes"] {
            for item in try value.list() {
                let route = try item.mapping(allowed: ["severity", "notify"])
                let severity = try route.required("severity").oneOf(["warning", "critical"])
                alerts.routes.append(AlertsConfig.Route(severity: severity, notify: try notifierNames(try route.required("notify"), known: notifiers)))
            }
        }
        if let value = map["fallback"] {
            guard value.isScalar else { throw value.problem("expected one notifier name, got \(value.shown)") }
            alerts.fallback = try notifierNames(value, known: notifiers).first
        }
        if let value = map["silences"] {
            for item in try value.list() {
                let silence = try item.mapping(allowed: Self.matcherKeys + ["starts", "ends", "comment"])
                let (probe, route, location) = try matchers(silence, item, probes: probes)
                let ends = try timestamp(try silence.required("ends"))
                let starts = try silence["starts"].map { (node) throws(ConfigError) in try timestamp(node) }
                if let starts, starts >= ends { throw item.problem("a silence must end after it starts") }
                alerts.silences.append(AlertsConfig.Silence(probe: probe, route: route, location: location, startsAtMs: starts, endsAtMs: ends,
                                                            comment: try silence["comment"]?.string() ?? ""))
            }
        }
        if let value = map["maintenance"] {
            for item in try value.list() {
                let window = try item.mapping(allowed: Self.matcherKeys + ["start", "end", "weekly"])
                let (probe, route, location) = try matchers(window, item, probes: probes)
                let start = try timestamp(try window.required("start"))
                let end = try timestamp(try window.required("end"))
                let weekly = try window["weekly"]?.bool() ?? false
                guard start < end else { throw item.problem("a maintenance window must end after it starts") }
                if weekly, end - start >= 7 * 86_400_000 { throw item.problem("a weekly maintenance window must be shorter than a week") }
                alerts.maintenance.append(AlertsConfig.Maintenance(probe: probe, route: route, location: location, startMs: start, endMs: end, weekly: weekly))
            }
        }
        return alerts
    }

    /// `for`, `resolve_after` and `repeat`, in `alerts:` or in a probe's own `alerts:`.
    func parseAlertOverrides(_ map: ConfigMapping) throws(ConfigError) -> AlertsConfig.Overrides {
        AlertsConfig.Overrides(forRuns: try map["for"]?.int(in: 1...1000), resolveAfter: try map["resolve_after"]?.int(in: 1...1000),
                               repeatInterval: try map["repeat"]?.duration())
    }

    func notifierNames(_ node: ConfigNode, known: [String]) throws(ConfigError) -> [String] {
        let items = node.isScalar ? [node] : try node.list()
        var names: [String] = []
        for item in items {
            let name = try item.string("a notifier name")
            guard known.contains(name) else {
                throw item.problem(.unknownKey, "no notifier named \"\(name)\"; notifiers are \(known.isEmpty ? "none" : known.joined(separator: ", "))")
            }
            names.append(name)
        }
        return names
    }

    private func matchers(_ map: ConfigMapping, _ node: ConfigNode, probes: [String]) throws(ConfigError) -> (String?, String?, String?) {
        let probe = try map["probe"]?.string(), route = try map["route"]?.string(), location = try map["location"]?.string()
        if let probe, !probes.contains(probe), let probeNode = map["probe"] {
            throw probeNode.problem(.unknownKey, "no probe named \"\(probe)\"; probes are \(probes.isEmpty ? "none" : probes.joined(separator: ", "))")
        }
        if let route, TransitRoute(route) == nil { throw node.problem("route: expected ACCOUNT->ACCOUNT, got \"\(route)\"") }
        guard probe != nil || route != nil || location != nil else {
            throw node.problem(.missingKey, "name the probe, route or location it applies to")
        }
        return (probe, route, location)
    }

    private func timestamp(_ node: ConfigNode) throws(ConfigError) -> Int64 {
        guard let value = ConfigTimestamp.parse(try node.string("a date and time")) else {
            throw node.problem("expected an RFC 3339 date and time such as 2026-12-24T18:00:00Z, got \(node.shown)")
        }
        return value
    }

    // MARK: - Notifiers

    func parseNotifier(name: String, _ node: ConfigNode, accounts: [String]) throws(ConfigError) -> NotifierSpec {
        let allKeys = Self.notifierCommonKeys + Self.notifierKeys.values.flatMap { $0 }
        let map = try node.mapping(allowed: Array(Set(allKeys)).sorted())
        let type = try map.required("type").oneOf(["webhook", "sms", "email", "alertmanager", "command"])
        let allowed = Self.notifierCommonKeys + (Self.notifierKeys[type] ?? [])
        for entry in map.entries where !allowed.contains(entry.key) {
            throw ConfigError(.unknownKey, at: entry.value.keyLocation,
                              "\(entry.key) does not apply to a \(type) notifier; expected one of \(allowed.joined(separator: ", "))")
        }
        let kind: NotifierSpec.Kind
        switch type {
        case "webhook":
            kind = .webhook(url: try url(try map.required("url")), format: try map["format"]?.oneOf(["json", "slack", "teams"]) ?? "json",
                            headers: try headerMap(map["headers"]), secret: try secret(map["secret"]))
        case "sms":
            kind = .sms(try parseSMS(map, node))
        case "email":
            let accountNode = try map.required("account")
            let account = try accountNode.string("an account name")
            guard accounts.contains(account) else {
                throw accountNode.problem(.unknownAccount, "no account named \"\(account)\"; accounts are \(accounts.joined(separator: ", "))")
            }
            kind = .email(account: account, from: try map["from"]?.string("an email address"), to: try strings(try map.required("to")))
        case "alertmanager":
            kind = .alertmanager(url: try url(try map.required("url")), token: try secret(map["token"]))
        default:
            let commandNode = try map.required("command")
            let argv = try strings(commandNode)
            guard !argv.isEmpty else { throw commandNode.problem("expected the program and its arguments") }
            kind = .command(argv: argv)
        }
        var spec = NotifierSpec(name: name, kind: kind, timeout: type == "command" ? .seconds(30) : .seconds(10))
        if let value = map["timeout"] { spec.timeout = try value.duration() }
        if let value = map["retries"] { spec.retries = try value.int(in: 0...100) }
        if let value = map["backoff"] { spec.backoff = try value.duration() }
        return spec
    }

    private func parseSMS(_ map: ConfigMapping, _ node: ConfigNode) throws(ConfigError) -> NotifierSpec.SMS {
        var sms = NotifierSpec.SMS(accountSID: try map["account_sid"]?.string(), authToken: try secret(map["auth_token"]),
                                   from: try map.required("from").string("a sender number"), to: try strings(try map.required("to")))
        sms.baseURL = try map["base_url"].map { (value) throws(ConfigError) in try url(value) }
        sms.url = try map["url"].map { (value) throws(ConfigError) in try url(value) }
        sms.encoding = try map["encoding"]?.oneOf(["form", "json"]) ?? "form"
        sms.template = try stringMap(map["template"])
        sms.headers = try headerMap(map["headers"])
        sms.successMatch = try map["success_match"]?.string()
        if sms.url == nil {
            guard sms.accountSID != nil, sms.authToken != nil else {
                throw node.problem(.missingKey, "an sms notifier needs account_sid and auth_token (Twilio), or url and template (another gateway)")
            }
        } else if sms.template.isEmpty {
            throw node.problem(.missingKey, "a gateway url needs a template, e.g. {To: \"{to}\", Body: \"{body}\"}")
        }
        return sms
    }

    private func url(_ node: ConfigNode) throws(ConfigError) -> String {
        let text = try node.string("a URL")
        let rest = text.hasPrefix("https://") ? text.dropFirst(8) : text.hasPrefix("http://") ? text.dropFirst(7) : ""
        guard let host = rest.first, host != "/", !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw node.problem("expected an http:// or https:// URL, got \(node.shown)")
        }
        return text
    }

    private func strings(_ node: ConfigNode) throws(ConfigError) -> [String] {
        if node.isScalar { return [try node.string()] }
        var values: [String] = []
        for item in try node.list() { values.append(try item.string()) }
        return values
    }

    private func stringMap(_ node: ConfigNode?) throws(ConfigError) -> [String: String] {
        guard let node else { return [:] }
        var values: [String: String] = [:]
        for entry in try node.namedMapping(what: "values").entries { values[entry.key] = try entry.value.string() }
        return values
    }

    /// `headers:`: each value a string or a secret reference (`{env: NAME}`, `{file: PATH}`, `{command: "..."}`).
    private func headerMap(_ node: ConfigNode?) throws(ConfigError) -> [String: NotifierSpec.HeaderValue] {
        guard let node else { return [:] }
        var values: [String: NotifierSpec.HeaderValue] = [:]
        for entry in try node.namedMapping(what: "headers").entries {
            values[entry.key] = entry.value.isMapping
                ? .secret(try parseCredential(entry.value, kinds: ["env", "file", "command"], oauth2: false))
                : .text(try entry.value.string("a header value, or a secret reference such as {env: NAME}"))
        }
        return values
    }

    private func secret(_ node: ConfigNode?) throws(ConfigError) -> CredentialSource? {
        try node.map { (node) throws(ConfigError) in try parseCredential(node, kinds: ["env", "file", "command"], oauth2: false) }
    }
}
