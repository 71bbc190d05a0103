import IMAPClient
import IMAPCore
import MailCore
import MailTestServer
import SMTPClient
import SMTPCore
import Testing

/// FETCH ENVELOPE on the test server, read back by our own parser: the header fields as
/// RFC 9051 §7.5.2 lays them out, from addresses written every way RFC 5322 §3.4 allows.
@Suite struct EnvelopeTests {
    static let header = """
        Date: Sun, 29 Nov 2026 10:00:00 +0100
        Subject: lunch
         plans
        From: "Doe, Jane" <jane@example.test>
        Sender:
        Reply-To: jane.doe@example.test (Jane at home)
        To: Bob <bob@example.test>, carol@example.test,
         "Q \\"the\\" Tester" <q@example.test>
        Cc: team: dave@example.test, (nobody) eve@example.test;, undisclosed-recipients:;
        In-Reply-To: <earlier@example.test>
        Message-ID: <lunch@example.test>
        X-Other: ignored

        Body.

        """

    static func address(_ name: String?, _ mailbox: String, _ host: String) -> IMAPEnvelopeAddress {
        .single(IMAPAddress(name: name, mailbox: mailbox, host: host))
    }

    @Test func envelopeFieldsAndAddressForms() async throws {
        let server = try await Support.start()
        let smtp = Support.smtp(server)
        try await smtp.connect()
        let message = Array(Self.header.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n").utf8)
        _ = try await smtp.send(message, envelope: Support.envelope())
        let plain = Array("Subject: h\u{e9}llo\r\n\r\nno From, no Date\r\n".utf8)
        _ = try await smtp.send(plain, envelope: Support.envelope())
        try await smtp.quit()

        let imap = Support.imap(server)
        try await imap.connect()
        try await imap.select("INBOX")
        let fetched = try await imap.uidFetch(.all, [.uid, .envelope])
        let jane = Self.address("Doe, Jane", "jane", "example.test")
        #expect(fetched.first?.envelope == IMAPEnvelope(
            date: "Sun, 29 Nov 2026 10:00:00 +0100", subject: "lunch plans",
            from: [jane], sender: [jane], replyTo: [Self.address(nil, "jane.doe", "example.test")],
            to: [Self.address("Bob", "bob", "example.test"), Self.address(nil, "carol", "example.test"),
                 Self.address("Q \"the\" Tester", "q", "example.test")],
            cc: [.group(name: "team", members: [IMAPAddress(name: nil, mailbox: "dave", host: "example.test"),
                                                IMAPAddress(name: nil, mailbox: "eve", host: "example.test")]),
                 .group(name: "undisclosed-recipients", members: [])],
            inReplyTo: "<earlier@example.test>", messageID: "<lunch@example.test>"))
        // Absent fields are NIL; a non-ASCII subject comes as a literal and survives.
        #expect(fetched.last?.envelope == IMAPEnvelope(subject: "h\u{e9}llo"))
        try await imap.logout()
        await server.stop()
    }
}
