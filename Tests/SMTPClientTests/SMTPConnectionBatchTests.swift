import MailCore
import MailTestKit
import MailTransport
import SMTPClient
import SMTPCore
import Testing

/// `send(batch:)` against scripted servers. The scripts only answer a message's
/// final dot after the next message's MAIL, RCPT and DATA have arrived: a client
/// that waited for the reply first would hang, so passing proves one round trip
/// per message.
@Suite struct SMTPConnectionBatchTests {
    static let envelope = SMTPEnvelope(sender: "alice@example.test", recipients: ["bob@example.test"])
    static func message(_ n: Int) -> [UInt8] { Array("Subject: \(n)\r\n\r\nHello \(n)\r\n".utf8) }

    func configuration(_ server: ScriptedServer, pipelining: Bool = true) -> SMTPClientConfiguration {
        SMTPClientConfiguration(host: "127.0.0.1", port: server.port, security: .plain,
                                clientHostname: "client.test", usesPipelining: pipelining,
                                timeouts: .uniform(.seconds(10)), recordsTrace: true)
    }

    @Test func nextEnvelopeRidesBehindEachPayloadAndRepliesAreAttributed() async throws {
        let server = try ScriptedServer(SMTPConnectionTests.pipelinedSession + [
            .expect("MAIL FROM:<alice@example.test>"), .expect("RCPT TO:<bob@example.test>"), .expect("DATA"),
            .send("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n"),
            // Payload 0 and the envelope of message 1 before any reply.
            .expectMessage, .expect("MAIL FROM:<alice@example.test>"), .expect("RCPT TO:<nobody@example.test>"), .expect("DATA"),
            .sleep(.milliseconds(100)), .send("250 2.0.0 Ok: queued as Q0\r\n"),
            .sleep(.milliseconds(50)),
            .send("250 2.1.0 Ok\r\n550 5.1.1 <nobody@example.test>: User unknown\r\n554 5.5.1 Error: no valid recipients\r\n"),
            // RSET for message 1, pipelined with the envelope of message 2.
            .expect("RSET"), .expect("MAIL FROM:<alice@example.test>"), .expect("RCPT TO:<bob@example.test>"), .expect("DATA"),
            .send("250 2.0.0 Ok\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n"),
            .expectMessage, .send("250 2.0.0 Ok: queued as Q2\r\n"),
            .expect("QUIT"), .send("221 bye\r\n"),
        ])
        let smtp = SMTPConnection(configuration: configuration(server))
        try await smtp.connect()
        let results = await smtp.send(batch: [
            (Self.message(0), Self.envelope),
            (Self.message(1), SMTPEnvelope(sender: "alice@example.test", recipients: ["nobody@example.test"])),
            (Self.message(2), Self.envelope),
        ])
        try await smtp.quit()
        _ = try await server.received()

        #expect(results.count == 3)
        let first = try results[0].get()
        #expect(first.queueID == "Q0")
        #expect(first.timings.map(\.phase) == [.mailFrom, .rcptTo, .data, .dataAccepted])
        #expect(first.timings.last!.milliseconds >= 100, "the dot's reply came 100 ms after the payload")
        guard case .failure(let rejected) = results[1] else { Issue.record("message 1 must be rejected"); return }
        #expect(rejected.phase == .rcptTo)
        #expect(rejected.reply?.code == 550)
        #expect(rejected.description.contains("nobody@example.test"))
        let third = try results[2].get()
        #expect(third.queueID == "Q2")
        #expect(third.timings.map(\.phase) == [.mailFrom, .rcptTo, .data, .dataAccepted])
        #expect(third.acceptedReply.text.contains("Q2"))

        // Payload 0 and MAIL FROM of message 1 went out in the same write (the same instant).
        let sent = smtp.trace.filter { $0.direction == .sent }
        let payload = try #require(sent.firstIndex { $0.text.hasPrefix("[message:") })
        #expect(sent[payload + 1].text == ".")
        #expect(sent[payload + 2].text.hasPrefix("MAIL FROM"))
        #expect(sent[payload + 2].offset == sent[payload].offset)
        #expect(smtp.timings.map(\.phase).filter { $0 == .dataAccepted }.count == 2)
        #expect(smtp.timings.map(\.phase).contains(.rset))
    }

    @Test func withoutPipeliningTheBatchGoesStepByStep() async throws {
        let server = try ScriptedServer([
            .send("220 mx.test ESMTP\r\n"), .expect("EHLO client.test"), .send("250-mx.test\r\n250 8BITMIME\r\n"),
            .expect("MAIL FROM"), .send("250 ok\r\n"), .expect("RCPT TO"), .send("250 ok\r\n"),
            .expect("DATA"), .send("354 go\r\n"), .expectMessage, .send("250 ok: queued as A\r\n"),
            .expect("MAIL FROM"), .send("250 ok\r\n"), .expect("RCPT TO"), .send("250 ok\r\n"),
            .expect("DATA"), .send("354 go\r\n"), .expectMessage, .send("250 ok: queued as B\r\n"),
            .expect("QUIT"), .send("221 bye\r\n"),
        ])
        let smtp = SMTPConnection(configuration: configuration(server))
        try await smtp.connect()
        let results = await smtp.send(batch: [(Self.message(0), Self.envelope), (Self.message(1), Self.envelope)])
        try await smtp.quit()
        _ = try await server.received()
        #expect(try results.map { try $0.get().queueID } == ["A", "B"])
        #expect(try results[1].get().timings.map(\.phase) == [.mailFrom, .rcptTo, .data, .dataAccepted])
    }

    @Test func sessionFailureFailsTheRestAsNotSent() async throws {
        let server = try ScriptedServer(SMTPConnectionTests.pipelinedSession + [
            .expect("MAIL FROM"), .expect("RCPT TO"), .expect("DATA"),
            .send("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n"),
            .expectMessage, .expect("MAIL FROM"), .expect("RCPT TO"), .expect("DATA"),
            .send("421 4.3.2 Service shutting down\r\n"),
            .close,
        ])
        let smtp = SMTPConnection(configuration: configuration(server))
        try await smtp.connect()
        let results = await smtp.send(batch: (0..<3).map { (Self.message($0), Self.envelope) })
        _ = try await server.received()
        #expect(results.count == 3)
        guard case .failure(let first) = results[0], case .failure(let second) = results[1],
              case .failure(let third) = results[2] else { Issue.record("all three must fail"); return }
        #expect(first.reply?.code == 421)
        #expect(first.phase == .dataAccepted)
        #expect(second.message.contains("not sent"))
        #expect(third.message.contains("not sent"))
    }
}
