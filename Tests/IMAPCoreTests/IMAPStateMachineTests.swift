import IMAPCore
import MailCore
import Testing

/// The session machine as event → event scripts.
///
/// Each script line is one input and what must come out of it:
///
///     S: <response>    => <event>           a response, through the real parser
///     C: <COMMAND ...> => <tag> | refused <code>
///     C: DONE          => send DONE | nothing to end
///     TLS established                       the handshake after STARTTLS completed
///
/// Events are written as ``Transcript/summary(_:)`` renders them: `greeting OK`,
/// `A0001 STARTTLS OK`, `exists 5`, `keep-alive`, `fail bye in select`, `-` for none.
@Suite struct IMAPStateMachineTests {
    // MARK: - Greeting

    @Test(arguments: [
        (IMAPStateMachine.TLSPolicy.plain, "* OK [CAPABILITY IMAP4rev1 IDLE] Dovecot ready.", "greeting OK",
         IMAPStateMachine.SessionState.notAuthenticated),
        (.startTLSIfOffered, "* PREAUTH [CAPABILITY IMAP4rev1] Logged in as alice", "greeting PREAUTH", .authenticated),
        (.implicitTLS, "* PREAUTH IMAP4rev1 server logged in as alice", "greeting PREAUTH", .authenticated),
        // PREAUTH skips the state in which STARTTLS was possible: no downgrade.
        (.startTLS, "* PREAUTH IMAP4rev1 server logged in as alice", "fail tls_not_offered in greeting", .closed),
        (.plain, "* BYE Too many connections from your IP", "fail bye in greeting", .closed),
    ])
    func greeting(policy: IMAPStateMachine.TLSPolicy, line: String, event: String,
                  state: IMAPStateMachine.SessionState) {
        var session = Transcript(policy)
        session.run("S: \(line) => \(event)")
        #expect(session.machine.state == state)
    }

    @Test func aSecondGreetingIsAProtocolError() {
        var session = Transcript(.plain)
        session.run("S: * OK ready => greeting OK")
        // The parser only makes a greeting of the first response; feed one directly.
        let event = session.machine.responseReceived(.greeting(IMAPStatusResponse(status: .ok, text: "again")))
        #expect(Transcript.summary(event) == "fail protocol_error in greeting")
    }

    // MARK: - Refusals

    @Test(arguments: [
        // Nothing before the greeting.
        """
        C: CAPABILITY                          => refused invalid_request
        S: * OK ready                          => greeting OK
        C: CAPABILITY                          => A0001
        """,
        // FETCH, SEARCH, STORE need a selected mailbox; LIST does not need one, but does need a login.
        """
        S: * PREAUTH ready                     => greeting PREAUTH
        C: UID FETCH 1:* (FLAGS)               => refused invalid_request
        C: UID SEARCH ALL                      => refused invalid_request
        C: UID STORE 1 +FLAGS (\\Seen)         => refused invalid_request
        C: EXPUNGE                             => refused invalid_request
        C: LIST "" *                           => A0001
        """,
        """
        S: * OK ready                          => greeting OK
        C: LIST "" *                           => refused invalid_request
        C: SELECT INBOX                        => refused invalid_request
        """,
        // LOGIN, AUTHENTICATE, STARTTLS only before authentication.
        """
        S: * OK [CAPABILITY IMAP4rev1] ready   => greeting OK
        C: LOGIN alice secret                  => A0001
        S: A0001 OK Logged in                  => A0001 LOGIN OK
        C: LOGIN alice secret                  => refused invalid_request
        C: AUTHENTICATE PLAIN                  => refused invalid_request
        C: STARTTLS                            => refused invalid_request
        C: SELECT INBOX                        => A0002
        S: A0002 OK [READ-WRITE] done          => A0002 SELECT OK
        C: LOGIN alice secret                  => refused invalid_request
        """,
        // Nothing but DONE while idling.
        """
        S: * PREAUTH ready                     => greeting PREAUTH
        C: SELECT INBOX                        => A0001
        S: A0001 OK [READ-WRITE] done          => A0001 SELECT OK
        C: IDLE                                => A0002
        S: + idling                            => idle started
        C: NOOP                                => refused invalid_request
        C: UID FETCH 1 (FLAGS)                 => refused invalid_request
        C: IDLE                                => refused invalid_request
        C: LOGOUT                              => refused invalid_request
        C: DONE                                => send DONE
        S: A0002 OK Idle completed             => A0002 IDLE OK
        C: NOOP                                => A0003
        """,
        // After LOGOUT, nothing.
        """
        S: * PREAUTH ready                     => greeting PREAUTH
        C: LOGOUT                              => A0001
        C: NOOP                                => refused invalid_request
        S: * BYE Logging out                   => -
        S: A0001 OK Logout completed           => A0001 LOGOUT OK
        C: NOOP                                => refused connection_closed
        """,
    ])
    func commandsInTheWrongStateAreRefused(script: String) {
        Transcript.play(.plain, script)
    }

    @Test func stateChangingCommandsRunAlone() {
        Transcript.play(.plain, """
            S: * PREAUTH ready                 => greeting PREAUTH
            C: SELECT INBOX                    => A0001
            S: A0001 OK [READ-WRITE] done      => A0001 SELECT OK
            C: UID FETCH 1:* (FLAGS)           => A0002
            C: SELECT Archive                  => refused invalid_request
            C: NOOP                            => A0003
            S: A0002 OK Fetch completed        => A0002 UID FETCH OK
            S: A0003 OK NOOP completed         => A0003 NOOP OK
            C: SELECT Archive                  => A0004
            C: UID FETCH 1:* (FLAGS)           => refused invalid_request
            C: NOOP                            => refused invalid_request
            S: A0004 OK [READ-WRITE] done      => A0004 SELECT OK
            C: UID FETCH 1:* (FLAGS)           => A0005
            """)
    }

    @Test(arguments: [
        (IMAPStateMachine.TLSPolicy.plain, "A0001", "A0001"),
        (.startTLSIfOffered, "refused plaintext_auth_refused", "refused plaintext_auth_refused"),
        (.startTLS, "refused plaintext_auth_refused", "refused plaintext_auth_refused"),
    ])
    func credentialsOnlyOverTLSUnlessThePolicyIsPlain(policy: IMAPStateMachine.TLSPolicy, login: String, authenticate: String) {
        Transcript.play(policy, """
            S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready   => greeting OK
            C: LOGIN alice secret                             => \(login)
            """)
        Transcript.play(policy, """
            S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready   => greeting OK
            C: AUTHENTICATE PLAIN                             => \(authenticate)
            """)
    }

    @Test func credentialsAfterSTARTTLS() {
        Transcript.play(.startTLS, """
            S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready  => greeting OK
            C: LOGIN alice secret                                        => refused plaintext_auth_refused
            C: STARTTLS                                                  => A0001
            S: A0001 OK Begin TLS negotiation now                        => A0001 STARTTLS OK
            TLS established
            C: STARTTLS                                                  => refused invalid_request
            C: LOGIN alice secret                                        => A0002
            S: A0002 OK Logged in                                        => A0002 LOGIN OK
            """)
    }

    @Test func loginDisabledRefusesLoginButNotAuthenticate() {
        Transcript.play(.plain, """
            S: * OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=PLAIN] ready  => greeting OK
            C: LOGIN alice secret                                          => refused auth_unavailable
            C: AUTHENTICATE PLAIN                                          => A0001
            """)
    }

    // MARK: - Tags and completions

    @Test func tagsCountUpFromA0001() throws {
        var machine = IMAPStateMachine(configuration: .init(tlsPolicy: .plain))
        machine.connected(tlsActive: false)
        _ = machine.responseReceived(.greeting(IMAPStatusResponse(status: .preauth, text: "ready")))
        var tags: [String] = []
        for _ in 0..<12 { tags.append(try machine.submit(.noop)) }
        #expect(tags == (1...12).map { "A" + String(repeating: "0", count: 4 - String($0).count) + String($0) })
        #expect(tags.prefix(3) == ["A0001", "A0002", "A0003"])
        var prefixed = IMAPStateMachine(configuration: .init(tlsPolicy: .plain, tagPrefix: "mp"))
        prefixed.connected(tlsActive: false)
        _ = prefixed.responseReceived(.greeting(IMAPStatusResponse(status: .preauth, text: "ready")))
        let tag = try prefixed.submit(.capability)
        #expect(tag == "mp0001")
    }

    @Test func aRefusedCommandUsesNoTag() {
        Transcript.play(.plain, """
            S: * OK ready                      => greeting OK
            C: UID FETCH 1 (FLAGS)             => refused invalid_request
            C: NOOP                            => A0001
            """)
    }

    @Test func theTaggedCompletionCarriesTheUntaggedDataOfItsCommand() throws {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                                   => greeting PREAUTH
            C: LIST "" *                                         => A0001
            S: * LIST (\\HasNoChildren) "/" INBOX                => -
            C: STATUS INBOX (MESSAGES)                           => A0002
            S: * LIST (\\HasChildren) "/" Archive                => -
            S: * STATUS INBOX (MESSAGES 3)                       => -
            S: A0002 OK Status completed                         => A0002 STATUS OK
            S: A0001 OK List completed                           => A0001 LIST OK
            """)
        let status = try #require(session.completions["A0002"])
        let list = try #require(session.completions["A0001"])
        // Untagged data is not addressed: every command in flight sees what arrived while it waited.
        #expect(list.untagged.count == 3)
        #expect(status.untagged.count == 2)
        #expect(list.untagged.compactMap { if case .list(let info) = $0 { info.name.name } else { nil } }
            == ["INBOX", "Archive"])
        #expect(status.untagged.contains { if case .status = $0 { true } else { false } })
        #expect(session.machine.isQuiet)
    }

    @Test func aTaggedReplyForAnUnknownTagEndsTheSession() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                 => greeting PREAUTH
            C: NOOP                            => A0001
            S: A0007 OK NOOP completed         => fail protocol_error in noop
            """)
        #expect(session.machine.state == .closed)
        Transcript.play(.plain, """
            S: * PREAUTH ready                 => greeting PREAUTH
            S: A0001 OK nothing was asked      => fail protocol_error in noop
            """)
    }

    // MARK: - Notifications

    @Test func unsolicitedNewsBecomesNotifications() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                         => greeting PREAUTH
            C: SELECT INBOX                            => A0001
            S: * 4 EXISTS                              => -
            S: A0001 OK [READ-WRITE] done              => A0001 SELECT OK
            S: * 5 EXISTS                              => exists 5
            S: * 3 EXPUNGE                             => expunge 3
            S: * 2 FETCH (FLAGS (\\Seen))              => fetch 2
            S: * 1 RECENT                              => recent 1
            C: NOOP                                    => A0002
            S: * 6 EXISTS                              => exists 6
            S: * 1 FETCH (UID 9 FLAGS (\\Deleted))     => fetch 1
            S: A0002 OK NOOP completed                 => A0002 NOOP OK
            """)
        #expect(session.machine.mailbox?.exists == 6)
    }

    @Test func fetchDataDuringUIDFetchOrStoreIsData() {
        Transcript.play(.plain, """
            S: * PREAUTH ready                         => greeting PREAUTH
            C: SELECT INBOX                            => A0001
            S: A0001 OK [READ-WRITE] done              => A0001 SELECT OK
            C: UID FETCH 1:* (FLAGS)                   => A0002
            S: * 1 FETCH (UID 7 FLAGS (\\Seen))        => -
            S: * 2 FETCH (UID 8 FLAGS ())              => -
            S: * 3 EXISTS                              => exists 3
            S: A0002 OK Fetch completed                => A0002 UID FETCH OK
            C: UID STORE 7 +FLAGS (\\Flagged)          => A0003
            S: * 1 FETCH (UID 7 FLAGS (\\Seen \\Flagged)) => -
            S: A0003 OK Store completed                => A0003 UID STORE OK
            S: * 1 FETCH (FLAGS (\\Seen))              => fetch 1
            """)
    }

    @Test func alertsAreReported() {
        Transcript.play(.plain, """
            S: * OK [ALERT] System shutdown in 10 minutes   => greeting OK
            S: * OK [ALERT] Quota almost exceeded           => alert: Quota almost exceeded
            S: * NO [ALERT] Mailbox is 98% full             => alert: Mailbox is 98% full
            S: * OK Just a hint                             => -
            """)
    }

    @Test func malformedResponsesAreReportedAndTheSessionGoesOn() {
        Transcript.play(.plain, """
            S: * PREAUTH ready                          => greeting PREAUTH
            C: SELECT INBOX                             => A0001
            S: A0001 OK [READ-WRITE] done               => A0001 SELECT OK
            S: * 1 FETCH (UID abc FLAGS (\\Seen))       => malformed
            C: NOOP                                     => A0002
            S: A0002 OK NOOP completed                  => A0002 NOOP OK
            """)
    }

    // MARK: - Capabilities

    @Test func capabilitiesFromTheGreetingTheCapabilityCommandAndTaggedOK() {
        var session = Transcript(.startTLS)
        session.run("""
            S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready   => greeting OK
            """)
        #expect(session.machine.has(.startTLS) && session.machine.has(.loginDisabled))
        session.run("""
            C: STARTTLS                                                  => A0001
            S: A0001 OK Begin TLS                                        => A0001 STARTTLS OK
            TLS established
            """)
        // RFC 9051 §6.2.1: what was learned in clear text may have been forged.
        #expect(session.machine.capabilities == nil)
        #expect(session.machine.isTLSActive)
        session.run("""
            C: CAPABILITY                                                => A0002
            S: * CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR                 => -
            S: A0002 OK done                                             => A0002 CAPABILITY OK
            """)
        #expect(session.machine.capabilities == [.imap4rev1, IMAPCapability("AUTH=PLAIN"), .saslIR])
        session.run("""
            C: AUTHENTICATE PLAIN                                        => A0003
            S: A0003 OK [CAPABILITY IMAP4rev1 IDLE MOVE] Logged in       => A0003 AUTHENTICATE OK
            """)
        #expect(session.machine.capabilities == [.imap4rev1, .idle, .move])
    }

    @Test func capabilitiesAreForgottenAfterALoginThatDoesNotRestateThem() {
        var session = Transcript(.plain)
        session.run("""
            S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready   => greeting OK
            C: LOGIN alice secret                             => A0001
            S: A0001 OK Logged in                             => A0001 LOGIN OK
            """)
        #expect(session.machine.capabilities == nil)
        #expect(session.machine.state == .authenticated)
    }

    // MARK: - SELECT

    @Test func selectLearnsTheMailbox() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                                                        => greeting PREAUTH
            C: SELECT INBOX                                                           => A0001
            S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)               => -
            S: * 172 EXISTS                                                           => -
            S: * 1 RECENT                                                             => -
            S: * OK [UNSEEN 12] Message 12 is first unseen                            => -
            S: * OK [UIDVALIDITY 3857529045] UIDs valid                               => -
            S: * OK [UIDNEXT 4392] Predicted next UID                                 => -
            S: * OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited                   => -
            S: A0001 OK [READ-WRITE] SELECT completed                                 => A0001 SELECT OK
            """)
        #expect(session.machine.state == .selected(mailbox: "INBOX", readOnly: false))
        let mailbox = session.machine.mailbox
        #expect(mailbox?.name == "INBOX")
        #expect(mailbox?.exists == 172)
        #expect(mailbox?.recent == 1)
        #expect(mailbox?.unseen == 12)
        #expect(mailbox?.uidValidity == 3_857_529_045)
        #expect(mailbox?.uidNext == 4392)
        #expect(mailbox?.flags == [.answered, .flagged, .deleted, .seen, .draft])
        #expect(mailbox?.permanentFlags == [.deleted, .seen, .wildcard])
        #expect(mailbox?.readOnly == false)
    }

    @Test func readOnlyFromTheTaggedCodeOrFromEXAMINE() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                                  => greeting PREAUTH
            C: SELECT Shared                                    => A0001
            S: * 3 EXISTS                                       => -
            S: A0001 OK [READ-ONLY] SELECT completed            => A0001 SELECT OK
            """)
        #expect(session.machine.state == .selected(mailbox: "Shared", readOnly: true))
        #expect(session.machine.mailbox?.readOnly == true)
        session.run("""
            C: EXAMINE INBOX                                    => A0002
            S: * 9 EXISTS                                       => -
            S: A0002 OK EXAMINE completed                       => A0002 EXAMINE OK
            """)
        #expect(session.machine.state == .selected(mailbox: "INBOX", readOnly: true))
        #expect(session.machine.mailbox?.exists == 9)
    }

    @Test func aFailedSelectLeavesNoMailboxSelected() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                                  => greeting PREAUTH
            C: SELECT INBOX                                     => A0001
            S: A0001 OK [READ-WRITE] done                       => A0001 SELECT OK
            C: SELECT Nope                                      => A0002
            S: A0002 NO [NONEXISTENT] Mailbox doesn't exist     => A0002 SELECT NO
            C: UID FETCH 1 (FLAGS)                              => refused invalid_request
            """)
        #expect(session.machine.state == .authenticated)
        #expect(session.machine.mailbox == nil)
    }

    @Test func unselectReturnsToAuthenticated() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                                  => greeting PREAUTH
            C: SELECT INBOX                                     => A0001
            S: A0001 OK [READ-WRITE] done                       => A0001 SELECT OK
            C: UNSELECT                                         => A0002
            S: A0002 OK Unselect completed                      => A0002 UNSELECT OK
            """)
        #expect(session.machine.state == .authenticated)
        #expect(session.machine.mailbox == nil)
    }

    // MARK: - IDLE

    @Test func idleNotifiesUntilDone() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] ready      => greeting PREAUTH
            C: SELECT INBOX                                     => A0001
            S: * 4 EXISTS                                       => -
            S: A0001 OK [READ-WRITE] done                       => A0001 SELECT OK
            C: IDLE                                             => A0002
            S: + idling                                         => idle started
            """)
        #expect(session.machine.state == .idling)
        session.run("""
            S: * 5 EXISTS                                       => exists 5
            S: * OK Still here                                  => keep-alive
            S: * 3 EXPUNGE                                      => expunge 3
            S: * 2 FETCH (FLAGS (\\Seen))                       => fetch 2
            S: * OK [ALERT] Maintenance at noon                 => alert: Maintenance at noon
            C: DONE                                             => send DONE
            S: * 5 EXISTS                                       => exists 5
            S: A0002 OK Idle completed                          => A0002 IDLE OK
            C: DONE                                             => nothing to end
            """)
        #expect(session.machine.state == .selected(mailbox: "INBOX", readOnly: false))
        #expect(session.machine.mailbox?.exists == 5)
    }

    @Test func keepAliveOnlyWhileIdling() {
        Transcript.play(.plain, """
            S: * PREAUTH ready                                  => greeting PREAUTH
            S: * OK Still here                                  => -
            C: NOOP                                             => A0001
            S: * OK Still here                                  => -
            S: A0001 OK NOOP completed                          => A0001 NOOP OK
            """)
    }

    @Test func idleRefusedLeavesTheStateAlone() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                                  => greeting PREAUTH
            C: SELECT INBOX                                     => A0001
            S: A0001 OK [READ-WRITE] done                       => A0001 SELECT OK
            C: IDLE                                             => A0002
            S: A0002 BAD Unknown command                        => A0002 IDLE BAD
            C: NOOP                                             => A0003
            """)
        #expect(session.machine.state == .selected(mailbox: "INBOX", readOnly: false))
    }

    @Test func continuationsForLiteralsAndSASLAreHandedOver() {
        Transcript.play(.plain, """
            S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready     => greeting OK
            C: AUTHENTICATE PLAIN                               => A0001
            S: +                                                => continuation
            S: A0001 OK Logged in                               => A0001 AUTHENTICATE OK
            C: APPEND INBOX {310}                               => A0002
            S: + Ready for literal data                         => continuation Ready for literal data
            S: A0002 OK [APPENDUID 38505 3955] APPEND completed => A0002 APPEND OK
            """)
    }

    // MARK: - BYE

    @Test func byeDuringLogoutIsTheNormalEnd() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                                  => greeting PREAUTH
            C: LOGOUT                                           => A0001
            S: * BYE IMAP4rev2 Server logging out               => -
            S: A0001 OK LOGOUT completed                        => A0001 LOGOUT OK
            """)
        #expect(session.machine.state == .closed)
    }

    @Test func byeAtAnyOtherTimeEndsTheSessionNamingThePhase() {
        var session = Transcript(.plain)
        session.run("""
            S: * PREAUTH ready                                  => greeting PREAUTH
            C: SELECT INBOX                                     => A0001
            S: * BYE Autologout; idle for too long              => fail bye in select
            """)
        #expect(session.machine.state == .closed)
        Transcript.play(.plain, """
            S: * PREAUTH ready                                  => greeting PREAUTH
            S: * BYE Server shutting down                       => fail bye in noop
            C: NOOP                                             => refused connection_closed
            """)
    }
}

/// One session fed by a script (see ``IMAPStateMachineTests``).
struct Transcript {
    var machine: IMAPStateMachine
    /// Every completion so far, by tag.
    var completions: [String: IMAPStateMachine.Completion] = [:]

    init(_ policy: IMAPStateMachine.TLSPolicy) {
        machine = IMAPStateMachine(configuration: .init(tlsPolicy: policy))
        machine.connected(tlsActive: policy == .implicitTLS)
    }

    /// A new session that has run `script`.
    @discardableResult
    static func play(_ policy: IMAPStateMachine.TLSPolicy, _ script: String,
                     sourceLocation: SourceLocation = #_sourceLocation) -> Transcript {
        var session = Transcript(policy)
        session.run(script, sourceLocation: sourceLocation)
        return session
    }

    /// Runs every line of `script`, recording an issue for each step whose outcome differs.
    mutating func run(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for rawLine in script.split(separator: "\n") {
            let line = rawLine.trimmingSpaces
            guard !line.isEmpty else { continue }
            if line == "TLS established" {
                machine.tlsEstablished()
                continue
            }
            guard let arrow = line.firstRange(of: " => ") else {
                Issue.record("no \" => \" in script line: \(line)", sourceLocation: sourceLocation)
                continue
            }
            let input = String(line[..<arrow.lowerBound]).trimmingSpaces
            let expected = String(line[arrow.upperBound...]).trimmingSpaces
            let actual: String
            if input.hasPrefix("S: ") {
                actual = server(String(input.dropFirst(3)))
            } else if input.hasPrefix("C: ") {
                actual = client(String(input.dropFirst(3)))
            } else {
                Issue.record("a script line starts with S: or C: — \(line)", sourceLocation: sourceLocation)
                continue
            }
            #expect(actual == expected, "\(input)", sourceLocation: sourceLocation)
        }
    }

    /// Feeds one response, parsed as the connection would parse it.
    mutating func server(_ text: String) -> String {
        let bytes = Array((text + "\r\n").utf8)
        let response = IMAPResponseParser.parseFrame(bytes[...], greeting: machine.state == .awaitingGreeting)
        let event = machine.responseReceived(response)
        if case .completed(let completion) = event { completions[completion.tag] = completion }
        return Self.summary(event)
    }

    /// Submits the command named at the start of `text` (arguments are for the reader, but for SELECT/EXAMINE's mailbox).
    mutating func client(_ text: String) -> String {
        if text == "DONE" { return machine.endIdle() ? "send DONE" : "nothing to end" }
        let words = text.split(separator: " ").map(String.init)
        let mailbox = words.count > 1 ? words[1] : ""
        let kinds: [IMAPCommandKind] = [
            .capability, .noop, .logout, .id, .startTLS, .login, .authenticate, .enable, .select(mailbox),
            .examine(mailbox), .list, .status, .create, .append, .idle, .search, .fetch, .store, .expunge, .move,
            .unselect, .close,
        ]
        guard let kind = kinds.first(where: { text == $0.name || text.hasPrefix($0.name + " ") }) else {
            return "unknown command \(text)"
        }
        do {
            return try machine.submit(kind)
        } catch {
            return "refused \(error.code)"
        }
    }

    static func summary(_ event: IMAPStateMachine.Event) -> String {
        switch event {
        case .greeting(let status): "greeting \(status.status.rawValue)"
        case .completed(let completion):
            "\(completion.tag) \(completion.command.name) \(completion.response.status.rawValue)"
        case .continuation(let request): request.text.isEmpty ? "continuation" : "continuation \(request.text)"
        case .idleStarted: "idle started"
        case .notification(let notification):
            switch notification {
            case .exists(let count): "exists \(count)"
            case .expunge(let number): "expunge \(number)"
            case .recent(let count): "recent \(count)"
            case .vanished(let uids): "vanished \(uids)"
            case .fetch(let fetch): "fetch \(fetch.sequenceNumber)"
            case .flags(let flags): "flags \(flags)"
            }
        case .keepAlive: "keep-alive"
        case .alert(let text): "alert: \(text)"
        case .malformed: "malformed"
        case .none: "-"
        case .fail(let error): "fail \(error.code) in \(error.phase)"
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
