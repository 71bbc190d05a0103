import Glibc
import Testing

@testable import Probe

/// A config or secret file other users can read or change is named with its key, its mode and the fix;
/// owner-only and owner-plus-group-read files pass.
@Suite("Config: files open to other users")
struct FileAccessWarningTests {
    static func config(directory: String) -> String {
        """
        accounts:
          corp:
            address: probe@corp.example
            smtp: {server: "smtp.corp.example:587", password: {file: smtp.pw}}
            imap: {server: "imap.corp.example:993", password: {file: \(directory)/imap.pw}}
        serve:
          api_token: {file: api.token}
          metrics_token: {env: METRICS_TOKEN}
        notifiers:
          hook: {type: webhook, url: "https://hooks.example/x", secret: {file: hook.secret}, headers: {X-Key: {file: header.secret}, X-Plain: text}}
          sms: {type: sms, account_sid: AC1, auth_token: {command: "pass show twilio"}, from: "+1555", to: ["+1556"]}
          am: {type: alertmanager, url: "http://127.0.0.1:9093", token: {file: api.token}}
        """
    }

    @Test func everySecretFileIsNamedWithItsKey() throws {
        let directory = ConfigSecretTests.temporaryDirectory()
        defer { _ = system("rm -rf \(directory)") }
        let file = try ProbeConfigFile.parse(yaml: Self.config(directory: directory), file: directory + "/mailprobe.yaml")
        #expect(file.secretFiles.map(\.keyPath) == ["accounts.corp.smtp.password", "accounts.corp.imap.password", "serve.api_token",
                                                    "notifiers.hook.secret", "notifiers.hook.headers.X-Key", "notifiers.am.token"])
        #expect(file.secretFiles.map(\.path) == [directory + "/smtp.pw", directory + "/imap.pw", directory + "/api.token",
                                                 directory + "/hook.secret", directory + "/header.secret", directory + "/api.token"])
    }

    @Test func filesOthersCanReadOrChangeAreWarnedOf() throws {
        let directory = ConfigSecretTests.temporaryDirectory()
        defer { _ = system("rm -rf \(directory)") }
        let modes: [(String, mode_t)] = [("mailprobe.yaml", 0o644), ("smtp.pw", 0o600), ("imap.pw", 0o640), ("api.token", 0o604),
                                         ("hook.secret", 0o660), ("header.secret", 0o400)]
        for (name, mode) in modes {
            ConfigSecretTests.write(name == "mailprobe.yaml" ? Self.config(directory: directory) : "s3cret\n", to: directory + "/" + name)
            chmod(directory + "/" + name, mode)
        }
        let file = try ProbeConfigFile.load(path: directory + "/mailprobe.yaml")
        let warnings = file.fileAccessWarnings
        #expect(warnings.map(\.path) == [directory + "/mailprobe.yaml", directory + "/api.token", directory + "/hook.secret"],
                "once per file, in file order; 0600, 0640 and 0400 pass")
        #expect(warnings.map(\.description) == [
            "\(directory)/mailprobe.yaml is readable by other users (mode 0644): chmod o-rwx,g-w it",
            "\(directory)/api.token (serve.api_token) is readable by other users (mode 0604): chmod o-rwx,g-w it",
            "\(directory)/hook.secret (notifiers.hook.secret) is writable by its group (mode 0660): chmod o-rwx,g-w it",
        ])
        #expect(!warnings.map(\.description).joined().contains("s3cret"))

        for (name, _) in modes { chmod(directory + "/" + name, 0o600) }
        #expect(try ProbeConfigFile.load(path: directory + "/mailprobe.yaml").fileAccessWarnings.isEmpty)
        chmod(directory + "/smtp.pw", 0o606)
        #expect(FileAccessWarning.check(directory + "/smtp.pw", keyPath: "k")?.description
            == "\(directory)/smtp.pw (k) is readable by other users and writable by other users (mode 0606): chmod o-rwx,g-w it")
        #expect(FileAccessWarning.check(directory + "/missing.pw", keyPath: "k") == nil, "an unreadable file is reported when it is read")
    }
}
