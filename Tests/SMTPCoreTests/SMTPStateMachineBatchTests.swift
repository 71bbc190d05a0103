import MailCore
import SMTPCore
import Testing

/// Batch scripts: with PIPELINING the next envelope rides behind each payload,
/// one write and one round trip per message, every reply attributed to its message.
@Suite struct SMTPStateMachineBatchTests {
    typealias Group = SMTPPipelinedGroup
    static func reply(_ code: Int, _ text: String = "ok") -> SMTPReply { SMTPReply(code: code, lines: [text]) }

    static let ehloPipelining = reply(250, "mx.example.test").withLine("PIPELINING").withLine("SIZE 100000")
    static let ehloLockstep = reply(250, "mx.example.test").withLine("SIZE 100000")

    static func readyMachine(pipelining: Bool = true) -> SMTPStateMachine {
        var m = SMTPStateMachine(configuration: .init(clientHostname: "client.test", tlsPolicy: .plain))
        _ = m.connected(tlsActive: false)
        _ = m.replyReceived(reply(220, "mx"))
        _ = m.replyReceived(pipelining ? ehloPipelining : ehloLockstep)
        return m
    }

    static func message(_ n: Int) -> [UInt8] { Array("Subject: \(n)\r\n\r\nbody \(n)\r\n".utf8) }
    static func payload(_ n: Int) -> [UInt8] { SMTPDataEncoder.encode(message(n)) }
    static func item(_ n: Int, to recipients: [String] = ["b@x.test"], from sender: String = "a@x.test") -> SMTPBatchMessage {
        SMTPBatchMessage(message: message(n), envelope: SMTPEnvelope(sender: sender, recipients: recipients))
    }

    /// MAIL, RCPT… and DATA of message `n`, tagged with `n`.
    static func envelope(_ n: Int, to recipients: [String] = ["b@x.test"], from sender: String = "a@x.test") -> [Group.Command] {
        let size = message(n).count
        return [Group.Command(message: n, command: .mailFrom(sender, parameters: ["SIZE=\(size)"]))]
            + recipients.map { Group.Command(message: n, command: .rcptTo($0)) }
            + [Group.Command(message: n, command: .data)]
    }

    static func group(data n: Int?, _ commands: [Group.Command] = []) -> SMTPStateMachine.Action {
        .sendGroup(Group(content: n.map { Group.Content(message: $0, payload: payload($0)) }, commands: commands))
    }

    /// Unwraps `.messageFinished` (possibly several) into the outcomes and the action behind them.
    static func finished(_ action: SMTPStateMachine.Action)
        -> (outcomes: [(Int, Result<SMTPTransactionOutcome, SMTPError>)], then: SMTPStateMachine.Action) {
        var outcomes: [(Int, Result<SMTPTransactionOutcome, SMTPError>)] = []
        var action = action
        while case .messageFinished(let index, let result, let then) = action {
            outcomes.append((index, result))
            action = then
        }
        return (outcomes, action)
    }

    static func same(_ a: SMTPStateMachine.Action, _ b: SMTPStateMachine.Action) -> Bool {
        switch (a, b) {
        case (.sendGroup(let x), .sendGroup(let y)): x == y
        case (.readReply, .readReply), (.batchCompleted, .batchCompleted): true
        default: false
        }
    }

    @Test func oneWriteAndOneRoundTripPerMessage() {
        var m = Self.readyMachine()
        var writes = 0
        var action = m.startBatch([Self.item(0), Self.item(1), Self.item(2)])
        #expect(Self.same(action, Self.group(data: nil, Self.envelope(0))))
        writes += 1
        var queueIDs: [Int: String] = [:]
        for n in 0..<3 {
            // The envelope replies of message n: 250 MAIL, 250 RCPT, 354 DATA.
            #expect(Self.same(m.replyReceived(Self.reply(250, "2.1.0 Ok")), .readReply))
            #expect(Self.same(m.replyReceived(Self.reply(250, "2.1.5 Ok")), .readReply))
            action = m.replyReceived(Self.reply(354, "go ahead"))
            // Payload n and, in the same write, the envelope of message n + 1.
            #expect(Self.same(action, Self.group(data: n, n < 2 ? Self.envelope(n + 1) : [])), "write after 354 of \(n)")
            writes += 1
            let (outcomes, then) = Self.finished(m.replyReceived(Self.reply(250, "2.0.0 Ok: queued as Q\(n)")))
            #expect(outcomes.count == 1 && outcomes.first?.0 == n)
            if case .success(let outcome)? = outcomes.first?.1 { queueIDs[n] = outcome.queueID }
            #expect(Self.same(then, n < 2 ? .readReply : .batchCompleted))
        }
        #expect(queueIDs == [0: "Q0", 1: "Q1", 2: "Q2"], "each 250 goes to its own message")
        #expect(writes == 4, "n + 1 writes for n messages")
        #expect(m.isReady)
    }

    @Test func rejectedRecipientResetsInTheSameWriteAsTheNextEnvelope() {
        var m = Self.readyMachine()
        _ = m.startBatch([Self.item(0), Self.item(1, to: ["nobody@x.test"]), Self.item(2)])
        for code in [250, 250] { _ = m.replyReceived(Self.reply(code)) }
        _ = m.replyReceived(Self.reply(354))                                      // → payload 0 + envelope 1
        _ = Self.finished(m.replyReceived(Self.reply(250, "2.0.0 Ok: queued as Q0")))
        _ = m.replyReceived(Self.reply(250, "2.1.0 Ok"))                            // MAIL 1
        _ = m.replyReceived(Self.reply(550, "5.1.1 <nobody@x.test>: User unknown"))  // RCPT 1
        let reset = m.replyReceived(Self.reply(554, "5.5.1 Error: no valid recipients"))
        #expect(Self.same(reset, Self.group(data: nil, [Group.Command(message: 1, command: .rset)] + Self.envelope(2))))
        let (outcomes, then) = Self.finished(m.replyReceived(Self.reply(250, "2.0.0 Ok")))   // RSET
        #expect(outcomes.count == 1 && outcomes[0].0 == 1)
        guard case .failure(let error) = outcomes[0].1 else { Issue.record("message 1 must fail"); return }
        #expect(error.phase == .rcptTo)
        #expect(error.reply?.code == 550)
        #expect(Self.same(then, .readReply), "message 2's envelope is already out")
        for code in [250, 250] { #expect(Self.same(m.replyReceived(Self.reply(code)), .readReply)) }
        #expect(Self.same(m.replyReceived(Self.reply(354)), Self.group(data: 2)))
        let (last, end) = Self.finished(m.replyReceived(Self.reply(250, "2.0.0 Ok: queued as Q2")))
        #expect(last.count == 1 && last[0].0 == 2)
        if case .success(let outcome) = last[0].1 { #expect(outcome.queueID == "Q2") } else { Issue.record("message 2") }
        #expect(Self.same(end, .batchCompleted))
    }

    @Test func rejectedSenderNeedsNoResetAndTheNextMessageStartsAfterwards() {
        var m = Self.readyMachine()
        _ = m.startBatch([Self.item(0, from: "spammer@x.test"), Self.item(1)])
        _ = m.replyReceived(Self.reply(553, "5.7.1 Sender rejected"))
        _ = m.replyReceived(Self.reply(503, "5.5.1 Error: need MAIL command"))
        let (outcomes, then) = Self.finished(m.replyReceived(Self.reply(503, "5.5.1 Error: need RCPT command")))
        guard outcomes.count == 1, case .failure(let error) = outcomes[0].1 else { Issue.record("message 0 must fail"); return }
        #expect(error.phase == .mailFrom)
        #expect(error.reply?.code == 553)
        #expect(Self.same(then, Self.group(data: nil, Self.envelope(1))))
    }

    @Test func messageRejectedAfterTheDotLeavesTheNextOneGoing() {
        var m = Self.readyMachine()
        _ = m.startBatch([Self.item(0), Self.item(1)])
        for code in [250, 250, 354] { _ = m.replyReceived(Self.reply(code)) }
        let (outcomes, then) = Self.finished(m.replyReceived(Self.reply(554, "5.7.1 spam")))
        guard outcomes.count == 1, case .failure(let error) = outcomes[0].1 else { Issue.record("message 0 must fail"); return }
        #expect(error.phase == .dataAccepted)
        #expect(Self.same(then, .readReply))
        for code in [250, 250] { _ = m.replyReceived(Self.reply(code)) }
        #expect(Self.same(m.replyReceived(Self.reply(354)), Self.group(data: 1)))
        let (last, end) = Self.finished(m.replyReceived(Self.reply(250)))
        if case .success = last.first?.1 {} else { Issue.record("message 1 must be delivered") }
        #expect(Self.same(end, .batchCompleted))
    }

    @Test func invalidMessagesAreReportedAndSkippedWithoutTraffic() {
        var m = Self.readyMachine()
        let action = m.startBatch([
            SMTPBatchMessage(message: Self.message(0), envelope: SMTPEnvelope(sender: "a@x.test", recipients: [])),
            Self.item(1, from: "a@x.test>\r\nRCPT TO:<evil@x.test"),
            Self.item(2),
        ])
        let (outcomes, then) = Self.finished(action)
        #expect(outcomes.map(\.0) == [0, 1])
        #expect(outcomes.allSatisfy { if case .failure(let e) = $0.1 { e.code == .invalidRequest } else { false } })
        #expect(Self.same(then, Self.group(data: nil, Self.envelope(2))))
        // A message too large for SIZE is skipped when its turn comes, behind the previous payload.
        var sized = Self.readyMachine()
        _ = sized.startBatch([Self.item(0), SMTPBatchMessage(message: Array(repeating: 120, count: 100_001),
                                                             envelope: SMTPEnvelope(sender: "a@x.test", recipients: ["b@x.test"]))])
        for code in [250, 250] { _ = sized.replyReceived(Self.reply(code)) }
        let (tooLarge, write) = Self.finished(sized.replyReceived(Self.reply(354)))
        #expect(tooLarge.count == 1 && tooLarge[0].0 == 1)
        if case .failure(let error) = tooLarge[0].1 { #expect(error.code == .messageTooLarge) }
        #expect(Self.same(write, Self.group(data: 0)))
    }

    @Test func withoutPipeliningMessagesGoStepByStep() {
        var m = Self.readyMachine(pipelining: false)
        let size = Self.message(0).count
        #expect(Self.same(m.startBatch([Self.item(0), Self.item(1)]),
                          .sendGroup(Group(commands: [Group.Command(message: 0, command: .mailFrom("a@x.test", parameters: ["SIZE=\(size)"]))]))))
        #expect(Self.same(m.replyReceived(Self.reply(250)), .sendGroup(Group(commands: [Group.Command(message: 0, command: .rcptTo("b@x.test"))]))))
        #expect(Self.same(m.replyReceived(Self.reply(250)), .sendGroup(Group(commands: [Group.Command(message: 0, command: .data)]))))
        #expect(Self.same(m.replyReceived(Self.reply(354)), Self.group(data: 0)), "payload alone: no envelope behind it")
        let (outcomes, then) = Self.finished(m.replyReceived(Self.reply(250)))
        #expect(outcomes.count == 1 && outcomes[0].0 == 0)
        #expect(Self.same(then, .sendGroup(Group(commands: [Group.Command(message: 1, command: .mailFrom("a@x.test", parameters: ["SIZE=\(size)"]))]))))
    }

    @Test func serviceClosingFailsTheSession() {
        var m = Self.readyMachine()
        _ = m.startBatch([Self.item(0), Self.item(1)])
        for code in [250, 250, 354] { _ = m.replyReceived(Self.reply(code)) }
        guard case .fail(let error) = m.replyReceived(Self.reply(421, "4.3.2 shutting down")) else {
            Issue.record("421 must end the session"); return
        }
        #expect(error.phase == .dataAccepted)
        #expect(!m.isReady)
    }

    @Test func envelopeFailureWithDATAAcceptedDropsTheSession() {
        var m = Self.readyMachine()
        _ = m.startBatch([Self.item(0, to: ["b@x.test", "c@x.test"]), Self.item(1)])
        _ = m.replyReceived(Self.reply(250))
        _ = m.replyReceived(Self.reply(250))
        _ = m.replyReceived(Self.reply(450, "4.2.0 greylisted"))
        guard case .fail(let error) = m.replyReceived(Self.reply(354)) else {
            Issue.record("the dot would deliver an empty message: the session must be dropped"); return
        }
        #expect(error.phase == .rcptTo)
    }

    @Test func emptyBatchAndWrongState() {
        var m = Self.readyMachine()
        #expect(Self.same(m.startBatch([]), .batchCompleted))
        #expect(m.isReady)
        var fresh = SMTPStateMachine(configuration: .init(clientHostname: "c", tlsPolicy: .plain))
        guard case .commandFailed(let error) = fresh.startBatch([Self.item(0)]) else { Issue.record("not ready"); return }
        #expect(error.code == .invalidRequest)
    }
}
