import MailCore
import SMTPCore
import Testing

/// State-machine scripts: each event and the action it must produce.
@Suite struct SMTPStateMachineTests {
    static func reply(_ code: Int, _ lines: String...) -> SMTPReply {
        SMTPReply(code: code, lines: lines.isEmpty ? [""] : lines)
    }

    static let ehloPlain = reply(250, "mx.example.test", "PIPELINING", "SIZE 1000", "STARTTLS", "8BITMIME")
    static let ehloTLS = reply(250, "mx.example.test", "PIPELINING", "SIZE 1000", "AUTH PLAIN LOGIN", "8BITMIME")
    static let ehloNoPipelining = reply(250, "mx.example.test", "STARTTLS", "AUTH LOGIN")

    static func machine(_ policy: SMTPStateMachine.TLSPolicy, auth: SMTPAuthentication? = nil,
                        pipelining: Bool = true) -> SMTPStateMachine {
        SMTPStateMachine(configuration: .init(clientHostname: "client.test", tlsPolicy: policy,
                                              authentication: auth, usesPipelining: pipelining))
    }

    static let password = SMTPAuthentication(user: "alice", secret: .password("secret"))

    func sent(_ action: SMTPStateMachine.Action) -> [SMTPCommand]? {
        if case .send(let commands) = action { return commands }
        return nil
    }

    func failure(_ action: SMTPStateMachine.Action) -> SMTPError? {
        if case .fail(let error) = action { return error }
        return nil
    }

    func commandFailure(_ action: SMTPStateMachine.Action) -> SMTPError? {
        if case .commandFailed(let error) = action { return error }
        return nil
    }

    func isReady(_ action: SMTPStateMachine.Action) -> Bool {
        if case .sessionReady = action { return true }
        return false
    }

    /// Greeting → EHLO → STARTTLS → handshake → EHLO → AUTH PLAIN → ready.
    @Test func startTLSThenAuthenticate() {
        var m = Self.machine(.startTLS, auth: Self.password)
        guard case .readReply = m.connected(tlsActive: false) else { Issue.record("expected readReply"); return }
        #expect(sent(m.replyReceived(Self.reply(220, "mx.example.test ESMTP"))) == [.ehlo("client.test")])
        #expect(sent(m.replyReceived(Self.ehloPlain)) == [.startTLS])
        guard case .startTLS = m.replyReceived(Self.reply(220, "2.0.0 Ready to start TLS")) else {
            Issue.record("expected startTLS"); return
        }
        #expect(sent(m.tlsEstablished()) == [.ehlo("client.test")])
        #expect(m.capabilities == nil, "pre-TLS capabilities must be forgotten")
        let auth = sent(m.replyReceived(Self.ehloTLS))
        #expect(auth == [.auth(mechanism: "PLAIN", initialResponse: Array("\0alice\0secret".utf8))])
        #expect(isReady(m.replyReceived(Self.reply(235, "2.7.0 Authentication successful"))))
        #expect(m.isReady)
    }

    @Test func requiredTLSNotOfferedFailsWithoutDowngrade() {
        var m = Self.machine(.startTLS, auth: Self.password)
        _ = m.connected(tlsActive: false)
        _ = m.replyReceived(Self.reply(220, "mx"))
        let error = failure(m.replyReceived(Self.reply(250, "mx", "PIPELINING", "AUTH PLAIN")))
        #expect(error?.code == .tlsNotOffered)
        #expect(error?.phase == .starttls)
    }

    @Test func opportunisticWithoutSTARTTLSRefusesToSendCredentials() {
        var m = Self.machine(.startTLSIfOffered, auth: Self.password)
        _ = m.connected(tlsActive: false)
        _ = m.replyReceived(Self.reply(220, "mx"))
        let error = failure(m.replyReceived(Self.reply(250, "mx", "AUTH PLAIN LOGIN")))
        #expect(error?.code == .plaintextAuthenticationRefused)
        #expect(error?.phase == .auth)
    }

    @Test func opportunisticWithoutCredentialsGoesOnInClear() {
        var m = Self.machine(.startTLSIfOffered)
        _ = m.connected(tlsActive: false)
        _ = m.replyReceived(Self.reply(220, "mx"))
        #expect(isReady(m.replyReceived(Self.reply(250, "mx", "PIPELINING"))))
    }

    @Test func plainPolicyMaySendCredentialsInClear() {
        var m = Self.machine(.plain, auth: Self.password)
        _ = m.connected(tlsActive: false)
        _ = m.replyReceived(Self.reply(220, "mx"))
        #expect(sent(m.replyReceived(Self.ehloPlain.withLine("AUTH LOGIN")))?.first?.verb == "AUTH")
    }

    @Test func heloFallbackWhenEHLOIsUnknown() {
        var m = Self.machine(.startTLSIfOffered)
        _ = m.connected(tlsActive: false)
        _ = m.replyReceived(Self.reply(220, "old.example"))
        #expect(sent(m.replyReceived(Self.reply(502, "5.5.2 Error: command not recognized"))) == [.helo("client.test")])
        #expect(isReady(m.replyReceived(Self.reply(250, "old.example"))))
        #expect(m.capabilities?.pipelining == false)
    }

    @Test func greetingRefusalFails() {
        var m = Self.machine(.startTLSIfOffered)
        _ = m.connected(tlsActive: false)
        let error = failure(m.replyReceived(Self.reply(554, "5.3.2 No SMTP service here")))
        #expect(error?.phase == .greeting)
        #expect(error?.reply?.code == 554)
        #expect(error?.isPermanent == true)
    }

    @Test func loginMechanismAnswersTwoChallenges() {
        var m = Self.machine(.implicitTLS, auth: SMTPAuthentication(user: "alice", secret: .password("pw"), mechanism: .login))
        _ = m.connected(tlsActive: true)
        _ = m.replyReceived(Self.reply(220, "mx"))
        #expect(sent(m.replyReceived(Self.ehloTLS)) == [.auth(mechanism: "LOGIN", initialResponse: nil)])
        #expect(sent(m.replyReceived(Self.reply(334, "VXNlcm5hbWU6"))) == [.authResponse(Array("alice".utf8))])
        #expect(sent(m.replyReceived(Self.reply(334, "UGFzc3dvcmQ6"))) == [.authResponse(Array("pw".utf8))])
        #expect(isReady(m.replyReceived(Self.reply(235, "ok"))))
    }

    @Test func wrongPasswordIsAnAuthenticationFailureWithTheReply() {
        var m = Self.machine(.implicitTLS, auth: Self.password)
        _ = m.connected(tlsActive: true)
        _ = m.replyReceived(Self.reply(220, "mx"))
        _ = m.replyReceived(Self.ehloTLS)
        let error = failure(m.replyReceived(SMTPReply(code: 535, enhancedStatus: SMTPEnhancedStatus(statusClass: 5, subject: 7, detail: 8),
                                                      lines: ["Error: authentication failed: authentication failure"])))
        #expect(error?.code == .authenticationFailed)
        #expect(error?.phase == .auth)
        #expect(error?.description.contains("535") == true)
        #expect(error?.description.contains("secret") == false)
    }

    @Test func xoauth2FailureArrivesAsAContinuation() {
        var m = Self.machine(.implicitTLS, auth: SMTPAuthentication(user: "alice@example.test", secret: .oauth2Token("tok")))
        _ = m.connected(tlsActive: true)
        _ = m.replyReceived(Self.reply(220, "mx"))
        let first = sent(m.replyReceived(Self.reply(250, "mx", "AUTH LOGIN XOAUTH2")))
        #expect(first?.first?.verb == "AUTH")
        let json = #"{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}"#
        #expect(sent(m.replyReceived(Self.reply(334, Base64.encode(Array(json.utf8))))) == [.authResponse([])])
        let error = failure(m.replyReceived(Self.reply(535, "5.7.8 Username and Password not accepted.")))
        #expect(error?.code == .authenticationFailed)
        #expect(error?.description.contains("401") == true)
    }

    @Test func noCommonMechanism() {
        var m = Self.machine(.implicitTLS, auth: Self.password)
        _ = m.connected(tlsActive: true)
        _ = m.replyReceived(Self.reply(220, "mx"))
        let error = failure(m.replyReceived(Self.reply(250, "mx", "AUTH GSSAPI")))
        #expect(error?.code == .authenticationUnavailable)
        #expect(error?.description.contains("GSSAPI") == true)
    }

    static func readyMachine(pipelining: Bool) -> SMTPStateMachine {
        var m = machine(.implicitTLS, pipelining: pipelining)
        _ = m.connected(tlsActive: true)
        _ = m.replyReceived(reply(220, "mx"))
        _ = m.replyReceived(pipelining ? ehloTLS : ehloNoPipelining)
        return m
    }

    static let envelope = SMTPEnvelope(sender: "a@x.test", recipients: ["b@x.test", "c@x.test"])
    static let payload = Array("Subject: t\r\n\r\nhi\r\n.\r\n".utf8)

    @Test func pipelinedTransactionAttributesEveryReply() {
        var m = Self.readyMachine(pipelining: true)
        let batch = sent(m.startTransaction(Self.envelope, payload: Self.payload, messageSize: 16))
        #expect(batch == [.mailFrom("a@x.test", parameters: ["SIZE=16"]), .rcptTo("b@x.test"), .rcptTo("c@x.test"), .data])
        guard case .readReply = m.replyReceived(Self.reply(250, "2.1.0 Ok")),
              case .readReply = m.replyReceived(Self.reply(250, "2.1.5 Ok")),
              case .readReply = m.replyReceived(Self.reply(250, "2.1.5 Ok")),
              case .sendData(let data) = m.replyReceived(Self.reply(354, "go ahead")) else {
            Issue.record("expected three replies then the payload"); return
        }
        #expect(data == Self.payload)
        guard case .transactionCompleted(let outcome) = m.replyReceived(Self.reply(250, "2.0.0 Ok: queued as 4ABC")) else {
            Issue.record("expected completion"); return
        }
        #expect(outcome.recipients.map(\.recipient) == ["b@x.test", "c@x.test"])
        #expect(outcome.queueID == "4ABC")
        #expect(m.isReady)
    }

    @Test func stepByStepTransaction() {
        var m = Self.readyMachine(pipelining: false)
        #expect(sent(m.startTransaction(Self.envelope, payload: Self.payload, messageSize: 16)) == [.mailFrom("a@x.test")])
        #expect(sent(m.replyReceived(Self.reply(250, "ok"))) == [.rcptTo("b@x.test")])
        #expect(sent(m.replyReceived(Self.reply(250, "ok"))) == [.rcptTo("c@x.test")])
        #expect(sent(m.replyReceived(Self.reply(250, "ok"))) == [.data])
        guard case .sendData = m.replyReceived(Self.reply(354, "go")) else { Issue.record("expected data"); return }
        guard case .transactionCompleted = m.replyReceived(Self.reply(250, "ok")) else { Issue.record("expected done"); return }
    }

    @Test func rejectedRecipientResetsAndReportsTheReply() {
        var m = Self.readyMachine(pipelining: false)
        _ = m.startTransaction(Self.envelope, payload: Self.payload, messageSize: 16)
        _ = m.replyReceived(Self.reply(250, "ok"))
        #expect(sent(m.replyReceived(Self.reply(550, "5.1.1 <b@x.test>: Recipient address rejected"))) == [.rset])
        let error = commandFailure(m.replyReceived(Self.reply(250, "2.0.0 Ok")))
        #expect(error?.phase == .rcptTo)
        #expect(error?.reply?.code == 550)
        #expect(error?.description.contains("b@x.test") == true)
        #expect(m.isReady, "the session stays usable after a rejected recipient")
    }

    @Test func pipelinedRejectionWithDATARefused() {
        var m = Self.readyMachine(pipelining: true)
        _ = m.startTransaction(SMTPEnvelope(sender: "a@x.test", recipients: ["nobody@x.test"]), payload: Self.payload, messageSize: 16)
        _ = m.replyReceived(Self.reply(250, "ok"))
        _ = m.replyReceived(Self.reply(550, "5.1.1 User unknown"))
        #expect(sent(m.replyReceived(Self.reply(554, "5.5.1 Error: no valid recipients"))) == [.rset])
        let error = commandFailure(m.replyReceived(Self.reply(250, "ok")))
        #expect(error?.phase == .rcptTo)
        #expect(error?.reply?.text.contains("User unknown") == true)
    }

    @Test func pipelinedRejectionWithDATAAcceptedDropsTheSession() {
        var m = Self.readyMachine(pipelining: true)
        _ = m.startTransaction(Self.envelope, payload: Self.payload, messageSize: 16)
        _ = m.replyReceived(Self.reply(250, "ok"))
        _ = m.replyReceived(Self.reply(250, "ok"))
        _ = m.replyReceived(Self.reply(450, "4.2.0 greylisted"))
        let error = failure(m.replyReceived(Self.reply(354, "go ahead")))
        #expect(error?.phase == .rcptTo)
        #expect(error?.isTransient == true)
    }

    @Test func partialDeliveryWhenAllowed() {
        var m = Self.readyMachine(pipelining: true)
        var envelope = Self.envelope
        envelope.allowsPartialDelivery = true
        _ = m.startTransaction(envelope, payload: Self.payload, messageSize: 16)
        _ = m.replyReceived(Self.reply(250, "ok"))
        _ = m.replyReceived(Self.reply(550, "no"))
        _ = m.replyReceived(Self.reply(250, "ok"))
        guard case .sendData = m.replyReceived(Self.reply(354, "go")),
              case .transactionCompleted(let outcome) = m.replyReceived(Self.reply(250, "queued")) else {
            Issue.record("expected delivery to the accepted recipient"); return
        }
        #expect(outcome.rejectedRecipients.map(\.recipient) == ["b@x.test"])
    }

    @Test func messageRejectedAfterTheDot() {
        var m = Self.readyMachine(pipelining: true)
        _ = m.startTransaction(Self.envelope, payload: Self.payload, messageSize: 16)
        for code in [250, 250, 250, 354] { _ = m.replyReceived(Self.reply(code, "ok")) }
        let error = commandFailure(m.replyReceived(Self.reply(554, "5.7.1 spam")))
        #expect(error?.phase == .dataAccepted)
        #expect(m.isReady)
    }

    @Test func sizeLimitCheckedBeforeSending() {
        var m = Self.readyMachine(pipelining: true)
        let error = commandFailure(m.startTransaction(Self.envelope, payload: Self.payload, messageSize: 5000))
        #expect(error?.code == .messageTooLarge)
    }

    @Test func injectedAddressIsRefused() {
        var m = Self.readyMachine(pipelining: true)
        let error = commandFailure(m.startTransaction(SMTPEnvelope(sender: "a@x.test>\r\nRCPT TO:<evil@x.test", recipients: ["b@x.test"]),
                                                      payload: Self.payload, messageSize: 16))
        #expect(error?.code == .invalidRequest)
        #expect(m.isReady)
    }

    @Test func serviceClosing421FailsAnyPhase() {
        var m = Self.readyMachine(pipelining: false)
        _ = m.startTransaction(Self.envelope, payload: Self.payload, messageSize: 16)
        let error = failure(m.replyReceived(Self.reply(421, "4.4.2 mx Error: timeout exceeded")))
        #expect(error?.phase == .mailFrom)
        #expect(error?.isTransient == true)
    }

    @Test func noopAndQuit() {
        var m = Self.readyMachine(pipelining: false)
        #expect(sent(m.noop()) == [.noop])
        guard case .commandCompleted = m.replyReceived(Self.reply(250, "ok")) else { Issue.record("noop"); return }
        #expect(sent(m.quit()) == [.quit])
        guard case .closed = m.replyReceived(Self.reply(221, "bye")) else { Issue.record("quit"); return }
    }

    @Test func commandsRefusedInTheWrongState() {
        var m = Self.machine(.startTLSIfOffered)
        #expect(commandFailure(m.noop())?.code == .invalidRequest)
        #expect(commandFailure(m.startTransaction(Self.envelope, payload: [], messageSize: 0))?.code == .invalidRequest)
    }
}

extension SMTPReply {
    func withLine(_ line: String) -> SMTPReply {
        SMTPReply(code: code, enhancedStatus: enhancedStatus, lines: lines + [line])
    }
}
