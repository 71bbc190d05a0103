/// Where a configuration value came from: the file, the line, and the key path.
public struct ConfigLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based; `nil` when the problem has no line (an unreadable file).
    public var line: Int?
    /// Dotted, with list indices: `accounts.corp.smtp.tls`, `probes.mesh.routes[1]`; empty for the whole file.
    public var keyPath: String

    public init(file: String, line: Int?, keyPath: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
    }

    /// `mailprobe.yaml:14: accounts.corp.smtp.tls`
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if !keyPath.isEmpty { text += ": " + keyPath }
        return text
    }
}

/// A problem with the configuration file or with a secret it refers to.
///
///     mailprobe.yaml:14: accounts.corp.smtp.tls: expected one of tls, starttls, plain, opportunistic, got "ssl"
///
/// Messages never contain a secret: a secret's reference (an environment
/// variable's name, a file's path) may appear, its value never does.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file cannot be read.
        public static let unreadableFile = Code("unreadable_file")
        /// Not well-formed YAML (including a key given twice).
        public static let syntax = Code("syntax")
        /// A key the schema does not know: typos are errors, never ignored.
        public static let unknownKey = Code("unknown_key")
        public static let missingKey = Code("missing_key")
        /// A value of the wrong type or out of range.
        public static let invalidValue = Code("invalid_value")
        /// Keys that exclude each other (`password` and `oauth2_token`).
        public static let conflictingKeys = Code("conflicting_keys")
        /// A probe names an account that is not defined.
        public static let unknownAccount = Code("unknown_account")
        /// A secret could not be obtained when a probe ran (variable unset, file unreadable, command failed).
        public static let secretUnavailable = Code("secret_unavailable")
    }

    public var code: Code
    public var location: ConfigLocation
    /// What is wrong, without the location.
    public var message: String

    public init(_ code: Code, at location: ConfigLocation, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var file: String { location.file }
    public var line: Int? { location.line }
    public var keyPath: String { location.keyPath }

    public var description: String { "\(location): \(message)" }
}
