import IMAPClient
import IMAPCore
import MailCore
import MailTestServer
import MailTransport
import SMTPClient
import SMTPCore
import Testing

/// Our own SMTP and IMAP clients against the test server: submit, IDLE, fetch.
@Suite struct RoundTripTests {
    @Test func submitThenIdleSeesExistsThenFetchGetsReceivedHeader() async throws {
        let server = try await Support.start(deliveryDelay: .milliseconds(50))
        let imap = Support.imap(server)
        try await imap.connect()
        let inbox = try await imap.select("INBOX")
        #expect(inbox.exists == 0)
        try await imap.startIdle()
        #expect(await imap.idleMode == .idle)

        let result = try await Support.submit(server, subject: "round-trip")
        let queueID = try #require(result.queueID)
        #expect(queueID.count == 10)

        var notified: IMAPNotificationEvent?
        for await event in imap.notifications {
            if case .exists(1) = event.notification { notified = event; break }
        }
        let event = try #require(notified)
        let delivery = try #require(server.deliveries.first)
        #expect(delivery.queueID == queueID && delivery.user == Support.bob && delivery.uid == 1)
        #expect(delivery.instant <= event.instant, "ground truth precedes the client's notification")

        try await imap.stopIdle()
        let fetched = try await imap.uidFetch(IMAPSequenceSet([1]), [.uid, .flags, .internalDate, .rfc822Size, .body(.complete)])
        let body = String(decoding: try #require(fetched.first?.body(.complete)), as: UTF8.self)
        #expect(body.hasPrefix("Received: from localhost (127.0.0.1 [127.0.0.1])\r\n"))
        #expect(body.contains("with ESMTPSA id \(queueID)\r\n\tfor <bob@example.test>; "))
        #expect(body.contains("\r\n.leading dot\r\n"), "dot-unstuffed once, not twice")
        #expect(fetched.first?.rfc822Size == UInt64(body.utf8.count))
        #expect(fetched.first?.internalDate != nil)

        let found = try await imap.uidSearch(.header("Message-ID", "<round-trip@example.test>"))
        #expect(found == [1])
        #expect(try await imap.uidSearch(.subject("nothing like it")) == [])
        try await imap.uidStore(IMAPSequenceSet([1]), .add([.deleted]))
        try await imap.expunge(uids: IMAPSequenceSet([1]))
        #expect(server.mailbox(of: Support.bob)?.isEmpty == true)
        try await imap.logout()
        await server.stop()
    }

    @Test func unknownRecipientIsRejectedWith550() async throws {
        let server = try await Support.start()
        let smtp = Support.smtp(server)
        try await smtp.connect()
        do {
            _ = try await smtp.send(Support.message(subject: "x"), envelope: Support.envelope(to: "nobody@example.test"))
            Issue.record("accepted an unknown recipient")
        } catch {
            #expect(error.phase == .rcptTo)
            #expect(error.reply?.code == 550)
            #expect(error.reply?.enhancedStatus?.description == "5.1.1")
            #expect(error.reply?.text.contains("<nobody@example.test>: Recipient address rejected: User unknown") == true)
        }
        try await smtp.quit()
        await server.stop()
    }

    @Test func implicitTLSBothProtocolsAndWrongPasswords() async throws {
        let server = try await Support.start(implicitTLS: true)
        let smtp = Support.smtp(server, security: .implicitTLS)
        try await smtp.connect()
        let result = try await smtp.send(Support.message(subject: "tls"), envelope: Support.envelope())
        #expect(result.queueID != nil)
        try await smtp.quit()
        let imap = Support.imap(server, security: .implicitTLS)
        try await imap.connect()
        #expect(try await imap.select("INBOX").exists == 1)
        try await imap.logout()

        let badSMTP = Support.smtp(server, password: "wrong")
        await #expect(throws: SMTPError.self) { try await badSMTP.connect() }
        let badIMAP = Support.imap(server, password: "wrong")
        do {
            try await badIMAP.connect()
            Issue.record("logged in with a wrong password")
        } catch {
            #expect(error.code == .authenticationFailed)
        }
        await server.stop()
    }

    @Test func seedMakesQueueIDsAndUIDValidityRepeatable() async throws {
        var ids: [[String]] = []
        var validities: [UInt32] = []
        for _ in 0..<2 {
            let server = try await Support.start()
            var round: [String] = []
            for index in 0..<2 { round.append(try await Support.submit(server, subject: "s\(index)").queueID ?? "") }
            ids.append(round)
            let imap = Support.imap(server)
            try await imap.connect()
            validities.append(try await imap.select("INBOX").uidValidity ?? 0)
            try await imap.logout()
            await server.stop()
        }
        #expect(ids[0] == ids[1])
        #expect(validities[0] == validities[1] && validities[0] != 0)
    }
}
