import Glibc
import MailCore

/// Where a password or an OAuth2 access token comes from: a reference, never the secret.
///
///     password: {env: CORP_SMTP_PW}
///     password: {file: /run/secrets/corp-smtp}
///     password: {command: "pass show corp/smtp"}
///     oauth2_token: {command: "oauth2-helper --account corp"}
///
/// The secret is read by ``resolve(timeout:environment:)``, each time a probe
/// runs: a command is run again every time, so an expired OAuth2 token is
/// replaced by a fresh one. Descriptions show `****` in place of any secret.
public enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    case passwordEnv(String)
    case passwordFile(String)
    case passwordCommand(String)
    case oauth2TokenFile(String)
    case oauth2TokenCommand(String)

    /// How long a secret command may run.
    public static let defaultCommandTimeout: Duration = .seconds(10)
    /// A secret longer than this (from a file or a command) is refused.
    static let maximumSize = 64 * 1024

    public var isOAuth2Token: Bool {
        switch self {
        case .passwordEnv, .passwordFile, .passwordCommand: false
        case .oauth2TokenFile, .oauth2TokenCommand: true
        }
    }

    /// `password **** (env CORP_SMTP_PW)`; a command's text is not shown, as it may carry a secret.
    public var description: String {
        switch self {
        case .passwordEnv(let name): "password **** (env \(name))"
        case .passwordFile(let path): "password **** (file \(path))"
        case .passwordCommand: "password **** (command)"
        case .oauth2TokenFile(let path): "oauth2_token **** (file \(path))"
        case .oauth2TokenCommand: "oauth2_token **** (command)"
        }
    }

    /// Reads the secret now. Blocks for file reads and for up to `timeout` for a
    /// command: call it from a thread that may block, or use the `async` overload.
    ///
    /// - Parameters:
    ///   - environment: the variables to look in; `nil` means the process environment.
    ///   - location: named in errors (the config key the reference came from).
    public func resolve(
        timeout: Duration = CredentialSource.defaultCommandTimeout,
        environment: [String: String]? = nil,
        location: ConfigLocation = ConfigLocation(file: "", line: nil, keyPath: "")
    ) throws(ConfigError) -> MailAuthentication.Secret {
        func failure(_ message: String) -> ConfigError { ConfigError(.secretUnavailable, at: location, message) }
        let value: String
        switch self {
        case .passwordEnv(let name):
            let found = environment.map { $0[name] } ?? getenv(name).map { String(cString: $0) }
            guard let found, !found.isEmpty else {
                throw failure("environment variable \(name) is not set or empty")
            }
            value = found
        case .passwordFile(let path), .oauth2TokenFile(let path):
            value = try Self.readSecretFile(path, failure: failure)
        case .passwordCommand(let command), .oauth2TokenCommand(let command):
            switch SecretCommand.run(command, timeout: timeout, maximumOutput: Self.maximumSize) {
            case .success(let output):
                value = try Self.secret(from: output, source: "the command", failure: failure)
            case .failure(let error):
                throw failure(error.description)
            }
        }
        return isOAuth2Token ? .oauth2Token(value) : .password(value)
    }

    /// The secret as text, whatever its kind (a token for a notifier, the API's bearer token), read on a
    /// thread of its own.
    public func text(location: ConfigLocation) async throws(ConfigError) -> String {
        switch try await resolve(location: location) {
        case .password(let text), .oauth2Token(let text): return text
        }
    }

    /// The same, on a thread of its own: never blocks Swift's cooperative pool.
    public func resolve(
        timeout: Duration = CredentialSource.defaultCommandTimeout,
        environment: [String: String]? = nil,
        location: ConfigLocation = ConfigLocation(file: "", line: nil, keyPath: "")
    ) async throws(ConfigError) -> MailAuthentication.Secret {
        let result = await DedicatedThread.run { () -> Result<MailAuthentication.Secret, ConfigError> in
            do throws(ConfigError) {
                return .success(try self.resolve(timeout: timeout, environment: environment, location: location))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func readSecretFile(_ path: String, failure: (String) -> ConfigError) throws(ConfigError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot read \"\(path)\": \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read \"\(path)\": \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            guard bytes.count <= maximumSize else { throw failure("\"\(path)\" is larger than \(maximumSize) bytes") }
        }
        return try secret(from: bytes, source: "\"\(path)\"", failure: failure)
    }

    /// The bytes less trailing line ends; one line, not empty.
    private static func secret(from bytes: [UInt8], source: String, failure: (String) -> ConfigError) throws(ConfigError) -> String {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let trimmed = bytes[..<end]
        guard !trimmed.isEmpty else { throw failure("\(source) gave an empty secret") }
        guard !trimmed.contains(0x0A), !trimmed.contains(0x0D) else {
            throw failure("\(source) gave more than one line; it must give the secret alone (e.g. `pass show NAME | head -n 1`)")
        }
        return String(decoding: trimmed, as: UTF8.self)
    }
}
