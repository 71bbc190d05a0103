import Foundation

/// The real Postfix and Dovecot that `Scripts/mailservers start` runs on loopback, read from the
/// env file it writes (`$MAILPROBE_TEST_STATE/env`, default `/tmp/mailprobe-servers/env`), as
/// `IntegrationTests/MailServers` reads it. Missing servers fail the test with how to start them.
struct RealMailServers: Sendable {
    let values: [String: String]

    static func load() throws -> RealMailServers {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["MAILPROBE_TEST_STATE"] ?? environment["MAILPROBE_SERVERS_DIR"] ?? "/tmp/mailprobe-servers"
        guard let data = FileManager.default.contents(atPath: state + "/env") else {
            throw DaemonProcess.ChildError(message: "no \(state)/env: start the test mail servers with `Scripts/mailservers start` "
                                          + "(or run the whole suite with `Scripts/test`)")
        }
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        for key in ["TLS_HOST", "CA_FILE", "SUBMISSION_PORT", "IMAPS_PORT"] where values["MAILPROBE_TEST_\(key)"] == nil {
            throw DaemonProcess.ChildError(message: "MAILPROBE_TEST_\(key) missing from \(state)/env")
        }
        return RealMailServers(values: values)
    }

    /// `MAILPROBE_TEST_<key>`, or "" when absent (``load()`` checked the ones every test needs).
    subscript(_ key: String) -> String { values["MAILPROBE_TEST_\(key)"] ?? "" }

    var tlsHost: String { self["TLS_HOST"] }
    var caFile: String { self["CA_FILE"] }
    var submissionPort: String { self["SUBMISSION_PORT"] }
    var imapsPort: String { self["IMAPS_PORT"] }

    /// The address and password of `alice`, `bob` or `carol`.
    func user(_ name: String) -> (address: String, password: String) {
        (self[name.uppercased() + "_USER"], self[name.uppercased() + "_PASSWORD"])
    }
}
