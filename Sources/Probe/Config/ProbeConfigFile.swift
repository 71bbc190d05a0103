import Glibc
import IMAPCore
import SMTPCore
import Yams

/// A MailProbe configuration file: accounts with their endpoints, and the probes that use them.
///
///     location: office-berlin
///     accounts:
///       corp:
///         address: probe@corp.example
///         smtp: {server: smtp.corp.example:587, tls: starttls, password: {env: CORP_SMTP_PW}}
///         imap: {server: imap.corp.example:993, tls: tls, password: {env: CORP_IMAP_PW}}
///     probes:
///       corp-roundtrip: {type: roundtrip, account: corp}
///
/// Every error names the file, the line and the key path; unknown keys are
/// errors. The file holds references to secrets, never secrets: they are read
/// when a probe runs (``EndpointConfig/authentication(timeout:environment:)``).
/// The schema is in `docs/config.md`.
public struct ProbeConfigFile: Sendable, Hashable {
    /// `defaults:`, applied to every probe that does not set its own.
    public struct Defaults: Sendable, Hashable {
        public var timeout: Duration
        public var interval: Duration
        public var lateAfter: Duration
        public var lostAfter: Duration

        public init(timeout: Duration = .seconds(30), interval: Duration = .seconds(300),
                    lateAfter: Duration = .seconds(60), lostAfter: Duration = .seconds(300)) {
            self.timeout = timeout
            self.interval = interval
            self.lateAfter = lateAfter
            self.lostAfter = lostAfter
        }
    }

    /// The file name errors are reported against.
    public var file: String
    /// The optional label of where the probes run (`office-berlin`).
    public var location: String?
    public var defaults: Defaults
    public var accounts: [String: AccountConfig]
    public var probes: [String: ProbeSpec]
    /// Account names in the order the file lists them.
    public var accountNames: [String]
    /// Probe names in the order the file lists them.
    public var probeNames: [String]
    /// `serve:`, for `mailprobe serve`.
    public var serve = ServeConfig()
    /// `alerts:`.
    public var alerts = AlertsConfig()
    /// `notifiers:`, in the order the file lists them.
    public var notifiers: [NotifierSpec] = []

    public init(file: String, location: String? = nil, defaults: Defaults = Defaults(), accounts: [AccountConfig], probes: [ProbeSpec]) {
        self.file = file
        self.location = location
        self.defaults = defaults
        self.accounts = Dictionary(accounts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.probes = Dictionary(probes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.accountNames = accounts.map(\.name)
        self.probeNames = probes.map(\.name)
    }

    /// Reads and checks a configuration file. Relative paths in it (`ca_file`,
    /// secret files) are taken relative to the file's directory.
    public static func load(path: String) throws(ConfigError) -> ProbeConfigFile {
        let bytes: [UInt8]
        switch readFile(path, limit: 4 * 1024 * 1024) {
        case .success(let read): bytes = read
        case .failure(let failure): throw ConfigError(.unreadableFile, at: ConfigLocation(file: path, line: nil, keyPath: ""), failure.message)
        }
        return try parse(yaml: String(decoding: bytes, as: UTF8.self), file: path)
    }

    /// Checks configuration text; `file` names it in errors, and its directory
    /// (or `baseDirectory`) is where relative paths start.
    public static func parse(yaml: String, file: String, baseDirectory: String? = nil) throws(ConfigError) -> ProbeConfigFile {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else {
                throw ConfigError(.missingKey, at: ConfigLocation(file: file, line: 1, keyPath: ""), "the file is empty; it needs at least accounts")
            }
            root = composed
        } catch let error as ConfigError {
            throw error
        } catch {
            throw syntaxError(error, yaml: yaml, file: file)
        }
        let directory = baseDirectory ?? (file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) : ".")
        let parser = ConfigParser(file: file, baseDirectory: directory.isEmpty ? "/" : directory)
        return try parser.parseFile(ConfigNode(root: root, file: file))
    }

    /// The probe called `name`, or an error listing those there are.
    public func probe(named name: String) throws(ConfigError) -> ProbeSpec {
        guard let probe = probes[name] else {
            throw ConfigError(.unknownKey, at: ConfigLocation(file: file, line: nil, keyPath: "probes"),
                              "no probe named \"\(name)\"; the file has \(probeNames.isEmpty ? "none" : probeNames.joined(separator: ", "))")
        }
        return probe
    }

    /// Routes given outside the file (`--route corp->other`), or `mesh`, checked against the accounts.
    public func routes(_ texts: [String]) throws(ConfigError) -> [TransitRoute] {
        var routes: [TransitRoute] = []
        for text in texts {
            if text == "mesh" {
                routes += TransitRoute.mesh(accountNames)
                continue
            }
            let location = ConfigLocation(file: file, line: nil, keyPath: "accounts")
            guard let route = TransitRoute(text) else {
                throw ConfigError(.invalidValue, at: location, "expected a route as ACCOUNT->ACCOUNT, got \"\(text)\"")
            }
            for name in [route.from, route.to] where accounts[name] == nil {
                throw ConfigError(.unknownAccount, at: location, "route \(route): no account named \"\(name)\"; the file has \(accountNames.joined(separator: ", "))")
            }
            routes.append(route)
        }
        return routes
    }

    /// Phase names a threshold may name: the report's `submit.*`, `delivery`, `retrieve.*`, `cleanup`, `total`,
    /// and the single-service probes' `smtp.*` and `imap.*`.
    public static let knownPhaseNames: [String] =
        SMTPPhase.allCases.map { "submit.\($0.rawValue)" } + ["delivery"]
        + IMAPPhase.allCases.map { "retrieve.\($0.rawValue)" } + ["cleanup", "total"]
        + SMTPPhase.allCases.map { "smtp.\($0.rawValue)" } + IMAPPhase.allCases.map { "imap.\($0.rawValue)" }

    /// Phase names of a single-service check: `smtp` (`ehlo`, `data_accepted`, …) or `imap` (`select`, …).
    public static func servicePhaseNames(_ service: String) -> [String] {
        service == "smtp" ? SMTPPhase.allCases.map(\.rawValue) : IMAPPhase.allCases.map(\.rawValue)
    }

    // MARK: - Reading

    private static func syntaxError(_ error: any Error, yaml: String, file: String) -> ConfigError {
        func at(_ line: Int?, _ message: String) -> ConfigError {
            ConfigError(.syntax, at: ConfigLocation(file: file, line: line, keyPath: ""), message)
        }
        guard let error = error as? YamlError else { return at(nil, "not valid YAML: \(error)") }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return at(mark.line, "not valid YAML: \(problem)" + (context.map { " \($0.text)" } ?? ""))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return at(context.mark.line, "\(keys) appears twice in the same mapping")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in 1 + yaml.prefix(offset).filter { $0 == "\n" }.count }
            return at(line, "not valid YAML: \(problem)")
        default:
            return at(nil, "not valid YAML: \(error)")
        }
    }

    static func readFile(_ path: String, limit: Int) -> Result<[UInt8], ReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadFailure(message: "cannot read \"\(path)\": \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(message: "cannot read \"\(path)\": \(String(cString: strerror(errno)))"))
            }
            if count == 0 { return .success(bytes) }
            bytes += chunk[0..<count]
            if bytes.count > limit { return .failure(ReadFailure(message: "\"\(path)\" is larger than \(limit) bytes")) }
        }
    }

    struct ReadFailure: Error {
        var message: String
    }
}
