import MailCore
import MailTestServer
import SMTPClient
import IMAPClient
import Testing

@testable import Probe

/// A daemon that stops or reschedules cancels a running probe: the probe ends within a wait, not at its loss deadline.
@Suite(.serialized) struct ProbeCancellationTests {
    @Test func cancellingAWaitingRoundTripEndsItPromptly() async throws {
        let alice = TestMailUser(address: "alice@example.test", password: "alice-secret")
        // Messages land a minute late: the probe would wait until lost_after (30 s) for them.
        let server = try await TestMailServer.start(.init(users: [alice], deliveryDelay: .seconds(60)))
        let authentication = MailAuthentication(user: alice.address, secret: .password(alice.password))
        let configuration = RoundTripConfiguration(
            smtp: SMTPClientConfiguration(host: "127.0.0.1", port: server.ports.smtp!, security: .plain, authentication: authentication,
                                          timeouts: .uniform(.seconds(10))),
            imap: IMAPClientConfiguration(host: "127.0.0.1", port: server.ports.imap!, security: .plain, authentication: authentication,
                                          timeouts: .uniform(.seconds(10))),
            sender: alice.address, recipient: alice.address, lateAfter: .seconds(20), lostAfter: .seconds(30))
        let started = ContinuousClock.now
        let run = Task { await RoundTripProbe(configuration: configuration).run() }
        try await Task.sleep(for: .seconds(1))
        run.cancel()
        let result = await run.value
        let took = started.duration(to: .now)
        await server.stop()
        #expect(took >= .seconds(1))
        #expect(took < .seconds(10), "took \(took)")
        #expect(result.reasons.contains { $0.kind == .timeout && $0.phase == "delivery" && $0.message.contains("cancelled") })
        #expect(result.phase("submit.data_accepted") != nil)
    }
}
