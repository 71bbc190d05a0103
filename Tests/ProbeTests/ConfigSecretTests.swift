import Glibc
import IMAPClient
import MailCore
import MailTransport
import SMTPClient
import Testing

@testable import Probe

@Suite("Config secrets: read when a probe runs, never shown")
struct ConfigSecretTests {
    static let location = ConfigLocation(file: "mailprobe.yaml", line: 17, keyPath: "accounts.corp.smtp.password")

    /// A fresh directory under /tmp.
    static func temporaryDirectory() -> String {
        var template = Array("/tmp/mailprobe-config-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil)
        return String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func write(_ text: String, to path: String) {
        let file = fopen(path, "w")!
        fputs(text, file)
        fclose(file)
    }

    // MARK: - Environment

    @Test func passwordFromEnvironment() throws {
        let secret = try CredentialSource.passwordEnv("CORP_SMTP_PW").resolve(environment: ["CORP_SMTP_PW": "s3cret-env"])
        #expect(secret == .password("s3cret-env"))
        // The process environment when none is given: PATH is always there.
        let path = try CredentialSource.passwordEnv("PATH").resolve()
        #expect(path == .password(String(cString: getenv("PATH"))))
    }

    @Test(arguments: [[:], ["CORP_SMTP_PW": ""]])
    func missingOrEmptyVariableNamesTheKey(environment: [String: String]) {
        #expect(throws: ConfigError(.secretUnavailable, at: Self.location, "environment variable CORP_SMTP_PW is not set or empty")) {
            try CredentialSource.passwordEnv("CORP_SMTP_PW").resolve(environment: environment, location: Self.location)
        }
        #expect(throws: ConfigError.self) {
            try CredentialSource.passwordEnv("MAILPROBE_TEST_VARIABLE_NOBODY_SETS").resolve()
        }
    }

    // MARK: - Files

    @Test func passwordFromFileLosesTheTrailingNewline() throws {
        let secret = try CredentialSource.passwordFile(ConfigFixtures.path("secrets/other-imap.pw")).resolve()
        #expect(secret == .password("other-imap-secret"))
        let token = try CredentialSource.oauth2TokenFile(ConfigFixtures.path("secrets/other-imap.pw")).resolve()
        #expect(token == .oauth2Token("other-imap-secret"))
    }

    @Test(arguments: [
        ("secrets/missing.pw", "cannot read"),
        ("secrets/empty.pw", "gave an empty secret"),
        ("secrets/two-lines.pw", "gave more than one line"),
    ])
    func unusableFiles(name: String, message: String) {
        do {
            _ = try CredentialSource.passwordFile(ConfigFixtures.path(name)).resolve(location: Self.location)
            Issue.record("resolved")
        } catch {
            #expect(error.code == .secretUnavailable && error.location == Self.location)
            #expect(error.message.contains(message), "\(error)")
            #expect(!error.description.contains("first-line") && !error.description.contains("second-line"))
        }
    }

    // MARK: - Commands

    @Test func passwordFromCommand() throws {
        #expect(try CredentialSource.passwordCommand("/bin/echo s3cret-cmd").resolve() == .password("s3cret-cmd"))
        #expect(try CredentialSource.oauth2TokenCommand("printf 'tok\\r\\n'").resolve() == .oauth2Token("tok"))
    }

    @Test func failingCommandGivesStatusAndStderrButNotStdout() {
        let command = "echo leaked-secret; echo 'gpg: decryption failed' >&2; echo more >&2; exit 3"
        do {
            _ = try CredentialSource.passwordCommand(command).resolve(location: Self.location)
            Issue.record("resolved")
        } catch {
            #expect(error == ConfigError(.secretUnavailable, at: Self.location, "the command exited with status 3: gpg: decryption failed"))
            #expect(!error.description.contains("leaked-secret"))
        }
        #expect(throws: ConfigError(.secretUnavailable, at: Self.location, "the command exited with status 3")) {
            try CredentialSource.passwordCommand("/bin/sh -c 'exit 3'").resolve(location: Self.location)
        }
    }

    @Test func commandThatPrintsNothingOrTooMuch() {
        #expect(throws: ConfigError(.secretUnavailable, at: Self.location, "the command gave an empty secret")) {
            try CredentialSource.passwordCommand("true").resolve(location: Self.location)
        }
        #expect(throws: ConfigError(.secretUnavailable, at: Self.location, "the command printed more than 65536 bytes")) {
            try CredentialSource.passwordCommand("head -c 100000 /dev/zero").resolve(location: Self.location)
        }
    }

    @Test func slowCommandIsKilledAtTheDeadline() {
        let started = ContinuousClock.now
        #expect(throws: ConfigError(.secretUnavailable, at: Self.location, "the command did not finish within 200ms; it was killed")) {
            try CredentialSource.passwordCommand("sleep 30; echo late").resolve(timeout: .milliseconds(200), location: Self.location)
        }
        // A child that closed its output but lingers is killed too.
        #expect(throws: ConfigError.self) {
            try CredentialSource.passwordCommand("exec >/dev/null 2>&1; sleep 30").resolve(timeout: .milliseconds(200))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func tokenCommandRunsAgainEveryTime() async throws {
        let directory = Self.temporaryDirectory()
        defer { _ = system("rm -rf '\(directory)'") }
        let command = "n=$(cat '\(directory)/count' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '\(directory)/count'; echo token-$n"
        let source = CredentialSource.oauth2TokenCommand(command)
        let blocking = { () throws(ConfigError) -> MailAuthentication.Secret in try source.resolve() }
        #expect(try blocking() == .oauth2Token("token-1"))
        #expect(try await source.resolve() == .oauth2Token("token-2"))

        // And through the builders: each configuration is built with a fresh token.
        let yaml = """
            accounts:
              corp:
                address: probe@corp.example
                smtp: {server: smtp.corp.example, tls: tls, oauth2_token: {command: "\(command.replacingQuotes)"}}
                imap: {server: imap.corp.example, tls: tls, oauth2_token: {command: "\(command.replacingQuotes)"}}
            """
        let config = try ProbeConfigFile.parse(yaml: yaml, file: "t.yaml")
        let corp = try #require(config.accounts["corp"])
        let first = try { () throws(ConfigError) in try config.smtpConfiguration(for: corp, timeout: .seconds(5)) }()
        let second = try await config.smtpConfiguration(for: corp, timeout: .seconds(5))
        let third = try await config.imapConfiguration(for: corp, timeout: .seconds(5))
        #expect(first.authentication?.secret == .oauth2Token("token-3"))
        #expect(second.authentication?.secret == .oauth2Token("token-4"))
        #expect(third.authentication?.secret == .oauth2Token("token-5"))
    }

    // MARK: - Never shown

    @Test func descriptionsShowNoSecret() throws {
        let config = try ConfigFixtures.load("full.yaml")
        let environment = ["CORP_SMTP_PW": "smtp-pw-value", "CORP_IMAP_PW": "imap-pw-value"]
        var texts: [String] = []
        for name in config.accountNames {
            let account = try #require(config.accounts[name])
            texts += ["\(account)", "\(account.smtp)", "\(account.imap)", String(reflecting: account.smtp.credential)]
            if name == "lab" { continue } // its command runs `pass`
            let smtp = try config.smtpConfiguration(for: account, timeout: .seconds(5), environment: environment)
            let imap = try config.imapConfiguration(for: account, timeout: .seconds(5), environment: environment)
            texts += ["\(smtp.authentication.map { "\($0)" } ?? "")", "\(imap.authentication.map { "\($0)" } ?? "")"]
        }
        texts += config.probeNames.map { "\(config.probes[$0]!)" }
        let joined = texts.joined(separator: "\n")
        #expect(joined.contains("****"))
        for secret in ["smtp-pw-value", "imap-pw-value", "other-imap-secret", "token-for-other"] {
            #expect(!joined.contains(secret), "\(secret) shown")
        }
        #expect("\(config.accounts["corp"]!.smtp)" == "smtp.corp.example:587 starttls ca_file \(ConfigFixtures.path("../tls/ca.pem")) user probe@corp.example password **** (env CORP_SMTP_PW) auth PLAIN")
        #expect("\(CredentialSource.passwordCommand("echo hunter2"))" == "password **** (command)")
    }

    @Test func missingSecretAtProbeTimeNamesTheConfigKey() throws {
        let config = try ConfigFixtures.load("full.yaml")
        let corp = try #require(config.accounts["corp"])
        do {
            _ = try config.smtpConfiguration(for: corp, timeout: .seconds(5), environment: [:])
            Issue.record("built")
        } catch {
            #expect(error.description == "\(ConfigFixtures.path("full.yaml")):17: accounts.corp.smtp.password: environment variable CORP_SMTP_PW is not set or empty")
        }
    }
}

extension String {
    /// For embedding in a double-quoted YAML scalar.
    fileprivate var replacingQuotes: String {
        var out = ""
        for character in self {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
