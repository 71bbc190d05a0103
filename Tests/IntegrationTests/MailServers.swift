import Foundation
import MailTransport

/// The real Postfix and Dovecot that `Scripts/mailservers start` runs on loopback.
///
/// Read from `$MAILPROBE_TEST_STATE/env` (default `/tmp/mailprobe-servers/env`).
/// When the servers are not there the tests fail with a message saying how to
/// start them: they are never skipped silently.
struct MailServers: Sendable {
    let values: [String: String]

    static func load() throws -> MailServers {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["MAILPROBE_TEST_STATE"] ?? environment["MAILPROBE_SERVERS_DIR"] ?? "/tmp/mailprobe-servers"
        let path = state + "/env"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Missing(message: "no \(path): start the test mail servers with `Scripts/mailservers start` "
                          + "(or run the whole suite with `Scripts/test`)")
        }
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return MailServers(values: values)
    }

    struct Missing: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    subscript(_ key: String) -> String {
        guard let value = values["MAILPROBE_TEST_\(key)"] else {
            fatalError("MAILPROBE_TEST_\(key) missing from the mail servers' env file")
        }
        return value
    }

    func port(_ key: String) -> UInt16 { UInt16(self[key + "_PORT"])! }

    var host: String { self["HOST"] }
    /// The name the server certificate is issued for.
    var tlsHost: String { self["TLS_HOST"] }
    var caFile: String { self["CA_FILE"] }

    func user(_ name: String) -> (address: String, password: String, maildir: String) {
        let key = name.uppercased()
        return (self[key + "_USER"], self[key + "_PASSWORD"], self[key + "_MAILDIR"])
    }

    /// Waits until a message containing `marker` is in the user's Maildir (Postfix → LMTP → Dovecot).
    func waitForDelivery(to name: String, containing marker: String, timeout: Duration = .seconds(20)) async throws -> String? {
        let maildir = user(name).maildir
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for folder in ["new", "cur"] {
                let directory = maildir + "/" + folder
                for file in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                    if let data = FileManager.default.contents(atPath: directory + "/" + file) {
                        let text = String(decoding: data, as: UTF8.self)
                        if text.contains(marker) { return text }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
