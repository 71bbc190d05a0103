import Foundation
import HistoryStore
import IMAPClient
import IMAPCore
import MailCore
import Probe
import Testing

/// A round trip killed with `kill -9` after its probe message arrived: the restarted daemon records the
/// run as interrupted with that message's token, and its next run deletes the message (not the hourly sweep).
@Suite(.serialized) struct ServeInterruptedRunTests {
    static func config(directory: String, smtp: Int, imap: Int, servePort: Int) -> String {
        """
        \(ServeProcessTests.head(smtp: smtp, imap: imap, servePort: servePort, directory: directory))
          grace: 1s
        probes:
          loop:
            type: roundtrip
            account: alice
            interval: 2s
            timeout: 10s
            late_after: 20s
            lost_after: 30s
        """
    }

    /// UIDs of the messages in alice's INBOX whose `X-MailProbe-Id` contains `token` (`""`: any probe message).
    static func messages(token: String, imapPort: Int) async throws -> [UInt32] {
        let imap = IMAPConnection(configuration: IMAPClientConfiguration(
            host: "127.0.0.1", port: UInt16(imapPort), security: .plain,
            authentication: MailAuthentication(user: "alice@example.test", secret: .password("alice-secret"))))
        try await imap.connect()
        _ = try await imap.select("INBOX")
        let uids = try await imap.uidSearch(.header(ProbeMessage.tokenHeader, token))
        try? await imap.logout()
        return uids
    }

    @Test func theNextRunDeletesTheProbeMessageOfARunKilledMidFlight() async throws {
        // FETCH answers after 4 s: the message is in the mailbox while the run waits for it.
        let (server, smtp, imap) = try await DaemonProcess.testServer(["--delay", "imap.fetch=4s", "--log-deliveries"])
        defer { server.signal(SIGTERM) }
        let directory = NSTemporaryDirectory() + "mailprobe-interrupted-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let servePort = LoopbackHTTP.freePort()
        let path = directory + "/mailprobe.yaml"
        try Self.config(directory: directory, smtp: smtp, imap: imap, servePort: servePort).write(toFile: path, atomically: true, encoding: .utf8)
        let environment = ["ALICE_PW": "alice-secret"]

        let first = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", path], environment: environment)
        let delivered = await server.line(timeout: .seconds(30)) { $0.hasPrefix("{") && !$0.hasPrefix("{\"smtp\"") }
        #expect(delivered != nil, "no probe message was delivered; serve stderr: \(first.stderr.suffix(1500))")
        first.signal(SIGKILL)
        _ = await first.wait(timeout: .seconds(5))
        #expect(try await Self.messages(token: "", imapPort: imap).count == 1, "the killed run's message is in the mailbox")

        let storePath = directory + "/state/mailprobe.sqlite"
        let serve = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", path], environment: environment)
        let restarted = ContinuousClock.now
        var interrupted: ProbeRunRecord?
        while interrupted == nil, ContinuousClock.now - restarted < .seconds(20) {
            interrupted = try? HistoryStore(path: storePath).runs(RunQuery(probe: "loop", limit: 100)).runs.first { $0.state == .interrupted }
            if interrupted == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let run = try #require(interrupted, "no interrupted run; serve stderr: \(serve.stderr.suffix(1500))")
        let token = try #require(run.token, "the interrupted run has no token")

        // The next run (2 s interval, 4 s FETCH) deletes it; the age sweep would wait an hour.
        var left = try await Self.messages(token: token, imapPort: imap)
        while !left.isEmpty, ContinuousClock.now - restarted < .seconds(40) {
            try await Task.sleep(for: .milliseconds(250))
            left = try await Self.messages(token: token, imapPort: imap)
        }
        #expect(left.isEmpty, "the interrupted run's message \(token) is still in the mailbox; serve stderr: \(serve.stderr.suffix(2000))")
        #expect(serve.stderr.contains("swept the probe messages of interrupted runs"))
        let store = try HistoryStore(path: storePath)
        #expect(try store.leftoverTokens(probe: "loop").isEmpty, "swept tokens are forgotten")
        serve.signal(SIGTERM)
        #expect(await serve.wait(timeout: .seconds(20)) == 0)
    }
}
