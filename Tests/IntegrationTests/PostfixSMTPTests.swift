import Foundation
import MailCore
import MailTransport
import SMTPClient
import SMTPCore
import Testing

/// SMTPClient against the real Postfix (with Dovecot SASL and LMTP delivery)
/// started by `Scripts/mailservers`.
@Suite(.serialized) struct PostfixSMTPTests {
    let servers: MailServers

    init() throws {
        servers = try MailServers.load()
    }

    func configuration(port: String, security: SMTPClientConfiguration.Security, user: String? = nil,
                       password: String? = nil, mechanism: SASLMechanismName? = nil,
                       caFile: String? = nil) -> SMTPClientConfiguration {
        var authentication: SMTPAuthentication?
        if let user {
            let account = servers.user(user)
            authentication = SMTPAuthentication(user: account.address, secret: .password(password ?? account.password),
                                                mechanism: mechanism)
        }
        return SMTPClientConfiguration(
            host: servers.tlsHost, port: servers.port(port), security: security,
            tls: TLSConfiguration(caFile: caFile ?? servers.caFile),
            clientHostname: "probe.example.test", authentication: authentication,
            timeouts: .uniform(.seconds(20)), recordsTrace: true)
    }

    func message(_ marker: String) -> [UInt8] {
        Array("""
            From: <alice@example.test>\r
            To: <bob@example.test>\r
            Subject: integration \(marker)\r
            Message-ID: <\(marker)@example.test>\r
            \r
            Marker \(marker)\r
            .a line that needs dot-stuffing\r

            """.utf8)
    }

    var bob: String { servers.user("bob").address }
    var alice: String { servers.user("alice").address }

    @Test func plainSMTPDeliversToTheMailbox() async throws {
        let smtp = SMTPConnection(configuration: configuration(port: "SMTP", security: .plain))
        try await smtp.connect()
        let marker = "plain-\(UUID().uuidString)"
        let result = try await smtp.send(message(marker), envelope: SMTPEnvelope(sender: alice, recipients: [bob]))
        try await smtp.quit()
        #expect(result.acceptedReply.code == 250)
        #expect(result.queueID?.isEmpty == false)
        #expect(smtp.timings.map(\.phase) == [.dns, .connect, .greeting, .ehlo, .mailFrom, .rcptTo, .data, .dataAccepted, .quit])
        #expect(smtp.tlsSession == nil)
        let delivered = try await servers.waitForDelivery(to: "bob", containing: marker)
        #expect(delivered != nil, "the message reached bob's Maildir")
        #expect(delivered?.contains("\n.a line that needs dot-stuffing") == true, "dot-stuffing undone by the server")
    }

    @Test(arguments: [SASLMechanismName.plain, .login, .cramMD5])
    func submissionWithSTARTTLSAndAuthentication(mechanism: SASLMechanismName) async throws {
        let smtp = SMTPConnection(configuration: configuration(port: "SUBMISSION", security: .startTLS,
                                                               user: "alice", mechanism: mechanism))
        try await smtp.connect()
        let marker = "submission-\(mechanism.rawValue)-\(UUID().uuidString)"
        let result = try await smtp.send(message(marker), envelope: SMTPEnvelope(sender: alice, recipients: [bob]))
        try await smtp.quit()
        #expect(result.queueID != nil)
        #expect(smtp.timings.map(\.phase).starts(with: [.dns, .connect, .greeting, .ehlo, .starttls, .ehlo, .auth]))
        let tls = try #require(smtp.tlsSession)
        #expect(tls.verified)
        #expect(tls.protocolVersion.hasPrefix("TLSv1."))
        #expect(tls.notAfter != nil)
        #expect(smtp.trace.contains { $0.text == "AUTH \(mechanism.rawValue)" || $0.text.hasPrefix("AUTH \(mechanism.rawValue) ") })
        #expect(!smtp.trace.contains { $0.text.contains(servers.user("alice").password) })
        #expect(try await servers.waitForDelivery(to: "bob", containing: marker) != nil)
    }

    @Test func implicitTLSWithAuthentication() async throws {
        let smtp = SMTPConnection(configuration: configuration(port: "SMTPS", security: .implicitTLS, user: "alice"))
        try await smtp.connect()
        _ = try await smtp.send(message("smtps-\(UUID().uuidString)"), envelope: SMTPEnvelope(sender: alice, recipients: [bob]))
        try await smtp.quit()
        #expect(smtp.timings.map(\.phase).starts(with: [.dns, .connect, .tls, .greeting, .ehlo, .auth]))
        #expect(smtp.tlsSession?.verified == true)
    }

    @Test func wrongPasswordIsAnAuthenticationFailureWith535() async throws {
        let smtp = SMTPConnection(configuration: configuration(port: "SUBMISSION", security: .startTLS,
                                                               user: "alice", password: "wrong-password"))
        let error = await #expect(throws: SMTPError.self) { try await smtp.connect() }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.phase == .auth)
        #expect(error?.reply?.code == 535)
        #expect(error?.reply?.enhancedStatus?.description == "5.7.8")
        #expect(error?.description.contains("wrong-password") == false)
    }

    @Test func rejectedRecipientCarriesTheServersText() async throws {
        let smtp = SMTPConnection(configuration: configuration(port: "SMTP", security: .plain))
        try await smtp.connect()
        let error = await #expect(throws: SMTPError.self) {
            _ = try await smtp.send(message("reject"), envelope: SMTPEnvelope(sender: alice, recipients: ["nobody@example.test"]))
        }
        #expect(error?.phase == .rcptTo)
        #expect(error?.reply?.code == 550)
        #expect(error?.reply?.enhancedStatus?.description == "5.1.1")
        #expect(error?.reply?.text.contains("User unknown") == true)
        #expect(error?.isPermanent == true)
        // The session survives the rejection: the next message goes through.
        let result = try await smtp.send(message("after-reject-\(UUID().uuidString)"),
                                         envelope: SMTPEnvelope(sender: alice, recipients: [bob]))
        #expect(result.acceptedReply.code == 250)
        try await smtp.quit()
    }

    @Test func relayDeniedForOtherDomains() async throws {
        let smtp = SMTPConnection(configuration: configuration(port: "SMTP", security: .plain))
        try await smtp.connect()
        let error = await #expect(throws: SMTPError.self) {
            _ = try await smtp.send(message("relay"), envelope: SMTPEnvelope(sender: alice, recipients: ["someone@elsewhere.invalid"]))
        }
        #expect(error?.reply?.code == 554)
        #expect(error?.reply?.text.contains("Relay access denied") == true)
        try await smtp.quit()
    }

    @Test(arguments: [true, false])
    func severalMessagesOverOneConnection(pipelining: Bool) async throws {
        var config = configuration(port: "SUBMISSION", security: .startTLS, user: "alice")
        config.usesPipelining = pipelining
        let smtp = SMTPConnection(configuration: config)
        try await smtp.connect()
        var queueIDs: Set<String> = []
        var markers: [String] = []
        for index in 0..<5 {
            let marker = "batch-\(pipelining)-\(index)-\(UUID().uuidString)"
            markers.append(marker)
            let result = try await smtp.send(message(marker), envelope: SMTPEnvelope(sender: alice, recipients: [bob]))
            queueIDs.insert(try #require(result.queueID))
            #expect(result.timings.map(\.phase) == [.mailFrom, .rcptTo, .data, .dataAccepted])
        }
        try await smtp.noop()
        try await smtp.quit()
        #expect(queueIDs.count == 5)
        for marker in markers {
            #expect(try await servers.waitForDelivery(to: "bob", containing: marker) != nil)
        }
    }

    /// `send(batch:)`: with PIPELINING each payload shares its write with the next
    /// envelope (one round trip per message); a rejected recipient fails its own
    /// message only; every accepted message reaches the mailbox.
    @Test(arguments: [true, false])
    func batchOverOneConnection(pipelining: Bool) async throws {
        var config = configuration(port: "SUBMISSION", security: .startTLS, user: "alice")
        config.usesPipelining = pipelining
        let smtp = SMTPConnection(configuration: config)
        try await smtp.connect()
        let markers = (0..<6).map { "batch-api-\(pipelining)-\($0)-\(UUID().uuidString)" }
        let rejected = 2
        let batch = markers.enumerated().map { index, marker in
            (message: message(marker),
             envelope: SMTPEnvelope(sender: alice, recipients: [index == rejected ? "nobody@example.test" : bob]))
        }
        let results = await smtp.send(batch: batch)
        try await smtp.noop()
        try await smtp.quit()

        #expect(results.count == markers.count)
        var queueIDs: Set<String> = []
        for (index, result) in results.enumerated() where index != rejected {
            let sent = try result.get()
            queueIDs.insert(try #require(sent.queueID))
            #expect(sent.timings.map(\.phase) == [.mailFrom, .rcptTo, .data, .dataAccepted])
        }
        #expect(queueIDs.count == markers.count - 1, "one queue id per accepted message")
        guard case .failure(let error) = results[rejected] else { Issue.record("nobody@ must be rejected"); return }
        #expect(error.phase == .rcptTo)
        #expect(error.reply?.code == 550)
        #expect(error.reply?.text.contains("User unknown") == true)

        // With PIPELINING a payload and the next MAIL FROM leave in one write (the same instant).
        let sent = smtp.trace.filter { $0.direction == .sent }
        let shared = sent.indices.dropLast(2).filter {
            sent[$0].text.hasPrefix("[message:") && sent[$0 + 2].text.hasPrefix("MAIL FROM")
                && sent[$0 + 2].offset == sent[$0].offset
        }
        #expect(shared.count == (pipelining ? markers.count - 2 : 0))
        for (index, marker) in markers.enumerated() where index != rejected {
            #expect(try await servers.waitForDelivery(to: "bob", containing: marker) != nil)
        }
    }

    @Test func severalRecipientsEachResultKept() async throws {
        let smtp = SMTPConnection(configuration: configuration(port: "SMTP", security: .plain))
        try await smtp.connect()
        let carol = servers.user("carol").address
        var envelope = SMTPEnvelope(sender: alice, recipients: [bob, "nobody@example.test", carol])
        envelope.allowsPartialDelivery = true
        let marker = "multi-\(UUID().uuidString)"
        let result = try await smtp.send(message(marker), envelope: envelope)
        try await smtp.quit()
        #expect(result.outcome.recipients.map(\.reply.code) == [250, 550, 250])
        #expect(result.outcome.rejectedRecipients.map(\.recipient) == ["nobody@example.test"])
        #expect(try await servers.waitForDelivery(to: "carol", containing: marker) != nil)
    }

    @Test func requiredTLSNotOfferedIsRefusedBeforeAnyCredentials() async throws {
        let smtp = SMTPConnection(configuration: configuration(port: "SMTP_NOTLS", security: .startTLS, user: "alice"))
        let error = await #expect(throws: SMTPError.self) { try await smtp.connect() }
        #expect(error?.code == .tlsNotOffered)
        #expect(!smtp.trace.contains { $0.direction == .sent && $0.text.hasPrefix("AUTH") })
    }

    @Test func opportunisticWithoutTLSKeepsCredentials() async throws {
        let smtp = SMTPConnection(configuration: configuration(port: "SMTP_NOTLS", security: .startTLSIfOffered, user: "alice"))
        let error = await #expect(throws: SMTPError.self) { try await smtp.connect() }
        #expect(error?.code == .plaintextAuthenticationRefused)
        #expect(!smtp.trace.contains { $0.direction == .sent && $0.text.hasPrefix("AUTH") })
    }

    @Test func untrustedCertificateFailsVerificationWithAReason() async throws {
        let otherCA = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/tls/other-ca.pem").path
        let smtp = SMTPConnection(configuration: configuration(port: "SMTPS", security: .implicitTLS, caFile: otherCA))
        let error = await #expect(throws: SMTPError.self) { try await smtp.connect() }
        #expect(error?.code == .tlsFailed)
        #expect(error?.phase == .tls)
        #expect(error?.description.contains("certificate") == true)
    }
}
