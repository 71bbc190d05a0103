import Foundation
import IMAPClient
import IMAPCore
import MailCore
import MailTransport
import SMTPClient
import SMTPCore
import Testing

/// IMAPClient against the real Dovecot started by `Scripts/mailservers`,
/// with Postfix delivering over LMTP for the IDLE test.
@Suite(.serialized) struct DovecotIMAPTests {
    let servers: MailServers

    init() throws {
        servers = try MailServers.load()
    }

    func configuration(port: String = "IMAP", host: String? = nil, security: IMAPClientConfiguration.Security,
                       user: String = "bob", password: String? = nil, mechanism: SASLMechanismName? = nil,
                       prefersLogin: Bool = false) -> IMAPClientConfiguration {
        let account = servers.user(user)
        return IMAPClientConfiguration(
            host: host ?? servers.tlsHost, port: servers.port(port), security: security,
            tls: TLSConfiguration(caFile: servers.caFile),
            authentication: MailAuthentication(user: account.address, secret: .password(password ?? account.password),
                                               mechanism: mechanism),
            prefersLogin: prefersLogin, timeouts: .uniform(.seconds(20)), pollInterval: .milliseconds(200),
            recordsTrace: true)
    }

    @Test func loginOverSTARTTLS() async throws {
        let imap = IMAPConnection(configuration: configuration(security: .startTLS, prefersLogin: true))
        try await imap.connect()
        let inbox = try await imap.select("INBOX")
        try await imap.logout()
        #expect(inbox.uidValidity != nil && inbox.uidNext != nil)
        let phases = await imap.timings.map(\.phase)
        #expect(phases.starts(with: [.dns, .connect, .greeting, .starttls, .capability, .auth]))
        #expect(phases.contains(.select) && phases.last == .logout)
        let trace = await imap.trace
        #expect(trace.contains { $0.text.hasSuffix("LOGIN \(servers.user("bob").address) ****") })
        #expect(!trace.contains { $0.text.contains(servers.user("bob").password) })
        #expect(await imap.tlsSession?.verified == true)
    }

    @Test(arguments: [SASLMechanismName.plain, .login, .cramMD5])
    func authenticateOverImplicitTLS(mechanism: SASLMechanismName) async throws {
        let imap = IMAPConnection(configuration: configuration(port: "IMAPS", security: .implicitTLS, mechanism: mechanism))
        try await imap.connect()
        #expect(await imap.sessionState == .authenticated)
        #expect(await imap.capabilities.contains(.idle))
        try await imap.logout()
        #expect(await imap.timings.map(\.phase).starts(with: [.dns, .connect, .tls, .greeting, .auth]))
    }

    @Test func wrongPasswordIsAnAuthenticationFailure() async throws {
        let imap = IMAPConnection(configuration: configuration(port: "IMAPS", security: .implicitTLS, password: "nope"))
        let error = await #expect(throws: IMAPError.self) { try await imap.connect() }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.phase == .auth)
        #expect(error?.response?.status == .no)
        #expect(error?.description.contains("nope") == false)
    }

    // Dovecot treats 127.0.0.1 → 127.0.0.1 as secure; 127.0.0.2 gets the real clear-text rules:
    // LOGINDISABLED, and only AUTH=CRAM-MD5 (which never sends the password).

    @Test func loginDisabledInClearTextFallsBackToCRAMMD5NeverLOGIN() async throws {
        let imap = IMAPConnection(configuration: configuration(host: servers["IMAP_STRICT_HOST"], security: .plain,
                                                               prefersLogin: true))
        try await imap.connect()
        let trace = await imap.trace
        #expect(trace.contains { $0.text.hasSuffix("AUTHENTICATE CRAM-MD5") })
        #expect(!trace.contains { $0.direction == .sent && $0.text.contains(" LOGIN ") })
        try await imap.logout()
    }

    @Test func mechanismNotOfferedInClearTextIsRefusedBeforeSendingAnything() async throws {
        let imap = IMAPConnection(configuration: configuration(host: servers["IMAP_STRICT_HOST"], security: .plain,
                                                               mechanism: .plain))
        let error = await #expect(throws: IMAPError.self) { try await imap.connect() }
        #expect(error?.code == .authenticationUnavailable)
        #expect(await !imap.trace.contains { $0.direction == .sent && $0.text.contains("AUTHENTICATE") })
    }

    @Test func startTLSOnTheStrictHostThenLogin() async throws {
        let strict = servers["IMAP_STRICT_HOST"]
        var config = configuration(host: strict, security: .startTLS)
        config.tls = TLSConfiguration(serverName: strict, caFile: servers.caFile)
        let imap = IMAPConnection(configuration: config)
        try await imap.connect()
        #expect(await imap.sessionState == .authenticated)
        try await imap.logout()
    }

    @Test func appendSearchFetchStoreExpungeLeaveTheMailboxAsFound() async throws {
        let imap = IMAPConnection(configuration: configuration(port: "IMAPS", security: .implicitTLS, user: "carol"))
        try await imap.connect()
        let folder = "Test-\(UUID().uuidString.prefix(8))"
        try await imap.create(folder)
        let list = try await imap.list()
        #expect(list.contains { $0.name.name == folder })
        let token = UUID().uuidString
        let message = Array("From: <alice@example.test>\r\nTo: <carol@example.test>\r\nSubject: probe \(token)\r\nX-MailProbe-Id: \(token)\r\n\r\nBody of \(token)\r\n".utf8)
        let appended = try await imap.append(message, to: folder)
        let before = try await imap.select(folder)
        #expect(before.exists == 1)
        let uids = try await imap.uidSearch(.header("X-MailProbe-Id", token))
        #expect(uids.count == 1)
        if let appended { #expect(uids == [appended]) }
        let fetched = try await imap.uidFetch(IMAPSequenceSet(uids), [.uid, .flags, .rfc822Size, .envelope,
                                                                     .body(.complete, peek: true)])
        #expect(fetched.count == 1)
        #expect(fetched.first?.envelope?.subject == "probe \(token)")
        #expect(fetched.first?.body(.complete) == message)
        #expect(await imap.timings.contains { $0.phase == .fetchFirstByte })
        try await imap.uidStore(IMAPSequenceSet(uids), .add([.deleted], silent: true))
        try await imap.expunge(uids: IMAPSequenceSet(uids))
        #expect(try await imap.uidSearch(.all).isEmpty)
        #expect(await imap.mailbox?.exists == 0)
        let status = try await imap.status(folder)
        #expect(status.messages == 0)
        try await imap.unselect()
        try await imap.delete(folder)
        #expect(try await !imap.list().contains { $0.name.name == folder })
        try await imap.logout()
    }

    @Test func idleAnnouncesAMessageDeliveredByPostfix() async throws {
        let imap = IMAPConnection(configuration: configuration(port: "IMAPS", security: .implicitTLS))
        try await imap.connect()
        try await imap.select("INBOX")
        try await imap.startIdle()
        #expect(await imap.idleMode == .idle)

        let sent = ContinuousClock.now
        let smtp = SMTPConnection(configuration: SMTPClientConfiguration(
            host: servers.host, port: servers.port("SMTP"), security: .plain, clientHostname: "probe.example.test"))
        try await smtp.connect()
        _ = try await smtp.send(Array("Subject: idle test\r\n\r\nhello\r\n".utf8),
                                envelope: SMTPEnvelope(sender: servers.user("alice").address,
                                                       recipients: [servers.user("bob").address]))
        try await smtp.quit()

        var announced: IMAPNotificationEvent?
        let deadline = ContinuousClock.now + .seconds(15)
        for await event in imap.notifications {
            if case .exists = event.notification, event.instant >= sent {
                announced = event
                break
            }
            if ContinuousClock.now > deadline { break }
        }
        let event = try #require(announced, "no EXISTS within 15 s of the delivery")
        #expect(event.instant >= sent)
        try await imap.stopIdle()
        try await imap.noop()
        try await imap.logout()
    }

    @Test func idEnableMoveExamineAndStatus() async throws {
        let imap = IMAPConnection(configuration: configuration(port: "IMAPS", security: .implicitTLS, user: "carol"))
        try await imap.connect()
        let server = try await imap.id([IMAPIDParameter(key: "name", value: "MailProbe")])
        #expect(server.contains { $0.key == "name" && $0.value == "Dovecot" })
        #expect(try await imap.enable([.condStore]) == [.condStore])
        let suffix = UUID().uuidString.prefix(8)
        let (from, to) = ("Move-\(suffix)", "Moved-\(suffix)")
        try await imap.create(from)
        try await imap.create(to)
        let token = UUID().uuidString
        for subject in ["stays \(token)", "moves \(token)"] {
            _ = try await imap.append(Array("From: <alice@example.test>\r\nSubject: \(subject)\r\n\r\nbody\r\n".utf8), to: from)
        }
        try await imap.select(from)
        // SINCE / BEFORE compare dates only: yesterday (UTC) is before today in any server zone but the extremes.
        let yesterday = CivilCalendar.date(days: Int64(Date().timeIntervalSince1970) / 86_400 - 1)
        let day = IMAPSearchDate(year: yesterday.year, month: yesterday.month, day: yesterday.day)
        #expect(try await imap.uidSearch(.and([.since(day), .subject(token)])).count == 2)
        #expect(try await imap.uidSearch(.and([.before(day), .subject(token)])).isEmpty)
        let moving = try await imap.uidSearch(.subject("moves \(token)"))
        #expect(moving.count == 1)
        // UID MOVE (RFC 6851): the message leaves with an EXPUNGE the mailbox state follows.
        let moved = try await imap.move(IMAPSequenceSet(moving), to: to)
        #expect(moved?.source == IMAPSequenceSet(moving) && moved?.destination == IMAPSequenceSet([1]))
        #expect(await imap.mailbox?.exists == 1)
        // COPY keeps the original (Dovecot has UIDPLUS: the new UID comes back).
        let copied = try await imap.copy(IMAPSequenceSet(try await imap.uidSearch(.subject("stays \(token)"))), to: to)
        #expect(copied?.destination == IMAPSequenceSet([2]))
        #expect(try await imap.uidSearch(.subject(token)).count == 1)
        let status = try await imap.status(to)
        #expect(status.messages == 2)
        try await imap.unselect()
        let examined = try await imap.examine(to)
        #expect(examined.readOnly)
        #expect(examined.exists == 2)
        let fetched = try await imap.uidFetch(IMAPSequenceSet(try await imap.uidSearch(.all)), [.envelope])
        #expect(fetched.map { $0.envelope?.subject } == ["moves \(token)", "stays \(token)"])
        // A UID that is gone: Dovecot answers OK with nothing, and the session goes on.
        #expect(try await imap.uidFetch(IMAPSequenceSet([4_000_000_000]), [.flags]).isEmpty)
        try await imap.unselect()
        // RENAME keeps the messages; DELETE leaves nothing behind.
        try await imap.rename(to, to: "\(to)-renamed")
        #expect(try await imap.status("\(to)-renamed").messages == 2)
        for folder in [from, "\(to)-renamed"] { try await imap.delete(folder) }
        let left = try await imap.list().map(\.name.name)
        #expect(!left.contains(from) && !left.contains(to) && !left.contains("\(to)-renamed"))
        try await imap.logout()
    }

    @Test func aLargeMessageIsStreamedToTheSinkOverTLS() async throws {
        let imap = IMAPConnection(configuration: configuration(port: "IMAPS", security: .implicitTLS, user: "carol"))
        try await imap.connect()
        let folder = "Stream-\(UUID().uuidString.prefix(8))"
        try await imap.create(folder)
        // 3 MB: a header, then base64-like lines of an attachment.
        var message = Array("From: <alice@example.test>\r\nTo: <carol@example.test>\r\nSubject: large\r\n\r\n".utf8)
        var line = 0
        while message.count < 3_000_000 {
            message += Array("\(line) ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n".utf8)
            line += 1
        }
        let uid = try #require(try await imap.append(message, to: folder))
        try await imap.select(folder)
        let size = message.count
        final class Digest: @unchecked Sendable {
            // Only the reader calls the sink, one piece after another.
            var md5 = MD5()
            var count = 0
            var pieces = 0
        }
        let digest = Digest()
        let fetched = try await imap.uidFetch(IMAPSequenceSet([uid]), [.uid, .rfc822Size, .body(.complete, peek: true)],
                                              streamingLiteralsFrom: 64 * 1024) { chunk in
            #expect(chunk.literal.uid == uid && chunk.literal.size == size && chunk.offset == digest.count)
            digest.md5.update(chunk.bytes)
            digest.count += chunk.bytes.count
            digest.pieces += 1
        }
        #expect(digest.count == message.count)
        #expect(digest.md5.finalize() == MD5.hash(message))
        #expect(digest.pieces > 1)
        #expect(fetched.first?.rfc822Size == UInt64(message.count))
        #expect(fetched.first?.body(.complete) == [])
        // The header alone is below the threshold: buffered as usual.
        let header = try await imap.uidFetch(IMAPSequenceSet([uid]), [.body(.header, peek: true)], streamingLiteralsFrom: 64 * 1024) { _ in
            Issue.record("nothing to stream")
        }
        #expect(header.first?.body(.header)?.starts(with: Array("From: <alice@example.test>".utf8)) == true)
        try await imap.unselect()
        try await imap.delete(folder)
        try await imap.logout()
    }

    @Test func twoCommandsInFlightWithDistinctTags() async throws {
        // Dovecot offers IDLE; the polling path is covered against scripted servers.
        // Here: a second command in flight beside a first one, distinct tags.
        let imap = IMAPConnection(configuration: configuration(port: "IMAPS", security: .implicitTLS))
        try await imap.connect()
        try await imap.select("INBOX")
        async let first: Void = imap.noop()
        async let second = imap.status("INBOX")
        _ = try await (first, second)
        try await imap.logout()
    }
}
