import ArgumentParser
import IMAPClient
import MailCore
import MailTestServer
import Probe
import SMTPClient

extension DemoCommand {
    /// `--no-dashboard`: one test server, round trips alice -> bob printed as tables (or JSON).
    func runTables(stopAfter: Duration?) async throws {
        let alice = TestMailUser(address: "alice@example.test", password: "alice-secret")
        let bob = TestMailUser(address: "bob@example.test", password: "bob-secret")
        let server = try await TestMailServer.start(.init(
            users: [alice, bob], deliveryDelay: try DurationText.parse(deliveryDelay ?? "0ms", what: "--delivery-delay")))
        defer { Task { await server.stop() } }
        guard let smtpPort = server.ports.smtp, let imapPort = server.ports.imap else {
            throw ValidationError("the test server did not open its ports")
        }
        if !json {
            print("test mail server on 127.0.0.1: SMTP \(smtpPort), IMAP \(imapPort); probing alice -> bob (Ctrl-C stops)\n")
        }
        let probe = RoundTripProbe(configuration: RoundTripConfiguration(
            smtp: SMTPClientConfiguration(host: "127.0.0.1", port: smtpPort, security: .plain, clientHostname: "demo.example.test",
                                          authentication: MailAuthentication(user: alice.address, secret: .password(alice.password)),
                                          timeouts: .uniform(.seconds(10))),
            imap: IMAPClientConfiguration(host: "127.0.0.1", port: imapPort, security: .plain,
                                          authentication: MailAuthentication(user: bob.address, secret: .password(bob.password)),
                                          timeouts: .uniform(.seconds(10))),
            sender: alice.address, recipient: bob.address, lostAfter: .seconds(30), location: "mailprobe demo"))
        let pause = try DurationText.parse(interval ?? "5s", what: "--interval")
        let deadline = stopAfter.map { ContinuousClock.now + $0 }
        var runs = 0
        var worst = ProbeStatus.ok
        while count.map({ runs < $0 }) ?? true {
            let startedAt = ProbeExecution.systemWallClock()
            let result = await probe.run()
            worst = max(worst, result.status)
            runs += 1
            let report = RoundTripReport(result: result, thresholds: ProbeThresholds())
            print(json ? report.json(probe: "demo", location: "mailprobe demo", startedAtMs: startedAt) : report.text())
            if let count, runs >= count { break }
            if let deadline, ContinuousClock.now + pause >= deadline { break }
            try await Task.sleep(for: pause)
        }
        if worst != .ok { throw ExitCode(worst.exitCode) }
    }
}
