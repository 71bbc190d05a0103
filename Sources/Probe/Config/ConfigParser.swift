import Glibc
import MailCore

/// Turns the composed YAML into a ``ProbeConfigFile``, checking every key and value.
struct ConfigParser {
    let file: String
    let baseDirectory: String

    static let rootKeys = ["location", "defaults", "accounts", "probes", "serve", "alerts", "notifiers"]
    static let defaultsKeys = ["timeout", "interval", "late_after", "lost_after"]
    static let accountKeys = ["address", "smtp", "imap"]
    static let smtpKeys = ["server", "tls", "ca_file", "insecure", "user", "password", "oauth2_token", "auth"]
    static let imapKeys = smtpKeys + ["mailbox", "junk"]
    static let probeCommonKeys = ["type", "interval", "timeout", "thresholds", "certificate_days", "notify", "alerts"]
    static let probeKeys: [String: [String]] = [
        "roundtrip": ["type", "account", "late_after", "lost_after"] + probeCommonKeys.dropFirst(),
        "transit": ["type", "routes", "late_after", "lost_after"] + probeCommonKeys.dropFirst(),
        "smtp": ["type", "account", "send"] + probeCommonKeys.dropFirst(),
        "imap": ["type", "account", "idle_check"] + probeCommonKeys.dropFirst(),
    ]

    func parseFile(_ root: ConfigNode) throws(ConfigError) -> ProbeConfigFile {
        let top = try root.mapping(allowed: Self.rootKeys)
        let location = try top["location"]?.string()
        let defaults = try top["defaults"].map { (node) throws(ConfigError) in try parseDefaults(node) } ?? ProbeConfigFile.Defaults()

        let accountsNode = try top.required("accounts")
        var accounts: [AccountConfig] = []
        for entry in try accountsNode.namedMapping(what: "accounts").entries {
            accounts.append(try parseAccount(name: entry.key, entry.value))
        }
        guard !accounts.isEmpty else { throw accountsNode.problem(.missingKey, "at least one account is needed") }
        let accountNames = accounts.map(\.name)

        var notifiers: [NotifierSpec] = []
        if let notifiersNode = top["notifiers"] {
            for entry in try notifiersNode.namedMapping(what: "notifiers").entries {
                try checkName(entry.key, entry.value, what: "notifier")
                notifiers.append(try parseNotifier(name: entry.key, entry.value, accounts: accountNames))
            }
        }
        let notifierNames = notifiers.map(\.name)

        var probes: [ProbeSpec] = []
        if let probesNode = top["probes"] {
            for entry in try probesNode.namedMapping(what: "probes").entries {
                probes.append(try parseProbe(name: entry.key, entry.value, accounts: accountNames, notifiers: notifierNames, defaults: defaults))
            }
        }
        var file = ProbeConfigFile(file: file, location: location, defaults: defaults, accounts: accounts, probes: probes)
        file.notifiers = notifiers
        if let value = top["serve"] { file.serve = try parseServe(value) }
        if let value = top["alerts"] { file.alerts = try parseAlerts(value, notifiers: notifierNames, probes: probes.map(\.name)) }
        return file
    }

    // MARK: - Defaults and probes

    func parseDefaults(_ node: ConfigNode) throws(ConfigError) -> ProbeConfigFile.Defaults {
        let map = try node.mapping(allowed: Self.defaultsKeys)
        var defaults = ProbeConfigFile.Defaults()
        if let value = map["timeout"] { defaults.timeout = try value.duration() }
        if let value = map["interval"] { defaults.interval = try value.duration() }
        if let value = map["late_after"] { defaults.lateAfter = try value.duration() }
        if let value = map["lost_after"] { defaults.lostAfter = try value.duration() }
        try checkLateBeforeLost(defaults.lateAfter, defaults.lostAfter, map)
        return defaults
    }

    func parseProbe(name: String, _ node: ConfigNode, accounts: [String], notifiers: [String],
                    defaults: ProbeConfigFile.Defaults) throws(ConfigError) -> ProbeSpec {
        try checkName(name, node, what: "probe")
        let map = try node.mapping(allowed: Array(Set(Self.probeKeys.values.flatMap { $0 })).sorted())
        let type = try map.required("type").oneOf(["roundtrip", "transit", "smtp", "imap"])
        let allowed = Self.probeKeys[type] ?? []
        for entry in map.entries where !allowed.contains(entry.key) {
            throw ConfigError(.unknownKey, at: entry.value.keyLocation,
                              "\(entry.key) does not apply to a \(type) probe; expected one of \(allowed.joined(separator: ", "))")
        }

        let kind: ProbeSpec.Kind
        switch type {
        case "roundtrip":
            kind = .roundTrip(account: try accountName(try map.required("account"), accounts: accounts))
        case "transit":
            kind = .transit(routes: try parseRoutes(try map.required("routes"), accounts: accounts))
        case "smtp":
            kind = .smtp(account: try accountName(try map.required("account"), accounts: accounts), send: try map["send"]?.bool() ?? true)
        default:
            kind = .imap(account: try accountName(try map.required("account"), accounts: accounts),
                         idleCheck: try map["idle_check"]?.bool() ?? false)
        }

        var spec = ProbeSpec(name: name, kind: kind, interval: defaults.interval, timeout: defaults.timeout,
                             lateAfter: defaults.lateAfter, lostAfter: defaults.lostAfter)
        if let value = map["interval"] { spec.interval = try value.duration() }
        if let value = map["timeout"] { spec.timeout = try value.duration() }
        if let value = map["late_after"] { spec.lateAfter = try value.duration() }
        if let value = map["lost_after"] { spec.lostAfter = try value.duration() }
        try checkLateBeforeLost(spec.lateAfter, spec.lostAfter, map)
        if let value = map["thresholds"] { spec.thresholds.phases = try parseThresholds(value) }
        if let value = map["certificate_days"] { spec.thresholds.certificateDays = try parseCertificateDays(value) }
        if let value = map["notify"] { spec.notify = try notifierNames(value, known: notifiers) }
        if let value = map["alerts"] { spec.alerts = try parseAlertOverrides(try value.mapping(allowed: ["for", "resolve_after", "repeat"])) }
        return spec
    }

    private func checkLateBeforeLost(_ late: Duration, _ lost: Duration, _ map: ConfigMapping) throws(ConfigError) {
        guard late < lost else {
            let node = map["late_after"] ?? map["lost_after"] ?? map.owner
            let location = ConfigLocation(file: file, line: node.line, keyPath: map.owner.path.isEmpty ? "late_after" : map.owner.path + ".late_after")
            throw ConfigError(.invalidValue, at: location,
                              "late_after (\(ConfigDuration.format(late))) must be shorter than lost_after (\(ConfigDuration.format(lost)))")
        }
    }

    private func accountName(_ node: ConfigNode, accounts: [String]) throws(ConfigError) -> String {
        let name = try node.string("an account name")
        guard accounts.contains(name) else {
            throw node.problem(.unknownAccount, "no account named \"\(name)\"; accounts are \(accounts.joined(separator: ", "))")
        }
        return name
    }

    // routes = "mesh" / 1*("ACCOUNT->ACCOUNT")
    func parseRoutes(_ node: ConfigNode, accounts: [String]) throws(ConfigError) -> [TransitRoute] {
        if node.isScalar {
            guard try node.string() == "mesh" else {
                throw node.problem("expected mesh or a list of routes such as [corp->other, other->corp], got \(node.shown)")
            }
            guard accounts.count >= 2 else { throw node.problem("mesh needs at least two accounts; the file has \(accounts.count)") }
            return TransitRoute.mesh(accounts)
        }
        let items = try node.list()
        guard !items.isEmpty else { throw node.problem("expected at least one route") }
        var routes: [TransitRoute] = []
        for item in items {
            let text = try item.string("a route as ACCOUNT->ACCOUNT")
            guard let route = TransitRoute(text) else { throw item.problem("expected a route as ACCOUNT->ACCOUNT, got \(item.shown)") }
            for name in [route.from, route.to] where !accounts.contains(name) {
                throw item.problem(.unknownAccount, "no account named \"\(name)\"; accounts are \(accounts.joined(separator: ", "))")
            }
            guard route.from != route.to else { throw item.problem("\(route) goes nowhere; use a roundtrip probe for one account") }
            guard !routes.contains(route) else { throw item.problem("\(route) is listed twice") }
            routes.append(route)
        }
        return routes
    }

    func parseThresholds(_ node: ConfigNode) throws(ConfigError) -> [String: ProbeThresholds.Limits] {
        var phases: [String: ProbeThresholds.Limits] = [:]
        for entry in try node.namedMapping(what: "phase limits").entries {
            guard ProbeConfigFile.knownPhaseNames.contains(entry.key) else {
                var message = "unknown phase \"\(entry.key)\"; expected submit.<smtp phase> (e.g. submit.data_accepted), delivery, retrieve.<imap phase>, cleanup or total"
                if let guess = ConfigNode.closest(to: entry.key, in: ProbeConfigFile.knownPhaseNames) { message += " (did you mean \(guess)?)" }
                throw ConfigError(.unknownKey, at: entry.value.keyLocation, message)
            }
            let map = try entry.value.mapping(allowed: ["warning", "critical"])
            let limits = ProbeThresholds.Limits(warning: try map["warning"]?.duration(), critical: try map["critical"]?.duration())
            guard limits.warning != nil || limits.critical != nil else { throw entry.value.problem(.missingKey, "give warning, critical or both") }
            if let warning = limits.warning, let critical = limits.critical, warning >= critical {
                throw entry.value.problem("warning (\(ConfigDuration.format(warning))) must be below critical (\(ConfigDuration.format(critical)))")
            }
            phases[entry.key] = limits
        }
        return phases
    }

    func parseCertificateDays(_ node: ConfigNode) throws(ConfigError) -> (warning: Int?, critical: Int?) {
        let map = try node.mapping(allowed: ["warning", "critical"])
        let warning = try map["warning"]?.int(in: 0...3650)
        let critical = try map["critical"]?.int(in: 0...3650)
        guard warning != nil || critical != nil else { throw node.problem(.missingKey, "give warning, critical or both") }
        if let warning, let critical, warning <= critical {
            throw node.problem("the warning (\(warning) days) must be more days than the critical (\(critical) days)")
        }
        return (warning, critical)
    }

    // MARK: - Accounts

    func parseAccount(name: String, _ node: ConfigNode) throws(ConfigError) -> AccountConfig {
        try checkName(name, node, what: "account")
        let map = try node.mapping(allowed: Self.accountKeys)
        let addressNode = try map.required("address")
        let address = try addressNode.string("an email address")
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !address.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "," }) else {
            throw addressNode.problem("expected an email address such as probe@example.com, got \(addressNode.shown)")
        }
        let smtp = try parseEndpoint(try map.required("smtp"), keys: Self.smtpKeys, address: address)
        let imap = try parseEndpoint(try map.required("imap"), keys: Self.imapKeys, address: address)
        return AccountConfig(name: name, address: address, smtp: smtp, imap: imap)
    }

    func parseEndpoint(_ node: ConfigNode, keys: [String], address: String) throws(ConfigError) -> EndpointConfig {
        let map = try node.mapping(allowed: keys)
        let serverNode = try map.required("server")
        let server: (host: String, port: UInt16?)
        switch EndpointConfig.parseServer(try serverNode.string("HOST[:PORT]")) {
        case .success(let parsed): server = parsed
        case .failure(let failure): throw serverNode.problem("\(failure.message), got \(serverNode.shown)")
        }
        var endpoint = EndpointConfig(host: server.host, port: server.port, user: address)
        if let value = map["tls"] {
            endpoint.tlsMode = EndpointConfig.TLSMode(rawValue: try value.oneOf(EndpointConfig.TLSMode.allCases.map(\.rawValue)))!
        }
        if let value = map["ca_file"] {
            guard endpoint.tlsMode != .plain else { throw value.problem(.conflictingKeys, "ca_file needs TLS; it makes no sense with tls: plain") }
            let path = resolvePath(try value.string("a file path"))
            if let problem = Self.unreadable(path) { throw value.problem(problem) }
            endpoint.caFile = path
        }
        if let value = map["insecure"] {
            endpoint.insecure = try value.bool()
            if endpoint.insecure, endpoint.tlsMode == .plain {
                throw value.problem(.conflictingKeys, "insecure needs TLS; it makes no sense with tls: plain")
            }
        }
        if let value = map["user"] { endpoint.user = try value.string("a user name") }

        let password = map["password"]
        let token = map["oauth2_token"]
        if let password, let token {
            let later = (password.keyLine ?? 0) > (token.keyLine ?? 0) ? password : token
            throw ConfigError(.conflictingKeys, at: later.keyLocation, "give either password or oauth2_token, not both")
        }
        if let password {
            endpoint.credential = try parseCredential(password, kinds: ["env", "file", "command"], oauth2: false)
            endpoint.credentialLocation = password.keyLocation
        } else if let token {
            endpoint.credential = try parseCredential(token, kinds: ["file", "command"], oauth2: true)
            endpoint.credentialLocation = token.keyLocation
        }
        if let value = map["auth"] {
            let names = SASLMechanismName.allCases.map(\.rawValue)
            guard let mechanism = SASLMechanismName(rawValue: try value.string().uppercased()) else {
                throw value.problem("expected one of \(names.joined(separator: ", ")), got \(value.shown)")
            }
            guard let credential = endpoint.credential else {
                throw value.problem(.missingKey, "auth \(mechanism.rawValue) needs a password or an oauth2_token")
            }
            if credential.isOAuth2Token != mechanism.usesBearerToken {
                throw value.problem(.conflictingKeys, credential.isOAuth2Token
                    ? "an oauth2_token goes with XOAUTH2 or OAUTHBEARER, not \(mechanism.rawValue)"
                    : "a password goes with PLAIN, LOGIN or CRAM-MD5, not \(mechanism.rawValue)")
            }
            endpoint.mechanism = mechanism
        }
        if keys.contains("mailbox") {
            endpoint.mailbox = try map["mailbox"]?.string("a mailbox name") ?? "INBOX"
            endpoint.junk = try map["junk"]?.string("a mailbox name")
        }
        return endpoint
    }

    /// `{env: NAME}`, `{file: PATH}` or `{command: "..."}`. The value itself is never
    /// echoed: a secret written here by mistake must not end up in an error.
    func parseCredential(_ node: ConfigNode, kinds: [String], oauth2: Bool) throws(ConfigError) -> CredentialSource {
        let forms = kinds.map { $0 == "command" ? "{command: \"...\"}" : "{\($0): \($0 == "env" ? "NAME" : "PATH")}" }
        guard node.isMapping else {
            throw node.problem("write a reference to the secret, \(ConfigNode.list(forms)); the file never holds the secret itself")
        }
        let map = try node.mapping(allowed: kinds)
        guard map.entries.count == 1, let entry = map.entries.first else {
            throw node.problem(map.entries.isEmpty ? .missingKey : .conflictingKeys, "give exactly one of \(kinds.joined(separator: ", "))")
        }
        let value = entry.value
        switch entry.key {
        case "env":
            let name = try value.string("an environment variable name")
            guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic),
                  name.unicodeScalars.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }) else {
                throw value.problem("expected an environment variable name such as CORP_SMTP_PW")
            }
            return .passwordEnv(name)
        case "file":
            let path = resolvePath(try value.string("a file path"))
            return oauth2 ? .oauth2TokenFile(path) : .passwordFile(path)
        default:
            let command = try value.string("a shell command")
            return oauth2 ? .oauth2TokenCommand(command) : .passwordCommand(command)
        }
    }

    // MARK: - Helpers

    func checkName(_ name: String, _ node: ConfigNode, what: String) throws(ConfigError) {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }),
              !name.contains("->") else {
            throw ConfigError(.invalidValue, at: node.keyLocation, "\(what) names may use letters, digits, '-', '_' and '.', got \"\(name)\"")
        }
    }

    func resolvePath(_ path: String) -> String {
        if path.hasPrefix("~/"), let home = getenv("HOME") { return String(cString: home) + path.dropFirst() }
        if path.hasPrefix("/") || baseDirectory == "." { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }

    /// Why `path` cannot serve as a readable file, or `nil`.
    static func unreadable(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "cannot read \"\(path)\": \(String(cString: strerror(errno)))" }
        guard info.st_mode & S_IFMT != S_IFDIR else { return "\"\(path)\" is a directory, not a file" }
        guard access(path, R_OK) == 0 else { return "cannot read \"\(path)\": \(String(cString: strerror(errno)))" }
        return nil
    }
}
