import Foundation
import IMAPClient
import IMAPCore
import MailCore
import MailTestServer
import MonitorCore
import Notify
import SMTPClient
import Testing

/// E-mail through the project's test mail server, read back over IMAP.
@Suite(.serialized) struct EmailTests {
    static let alice = TestMailUser(address: "alice@example.test", password: "alice-smtp-secret-42")
    static let bob = TestMailUser(address: "bob@example.test", password: "bob-secret")

    func configuration(_ server: TestMailServer, password: String = alice.password) throws -> EmailConfiguration {
        EmailConfiguration(
            smtp: SMTPClientConfiguration(host: "127.0.0.1", port: try #require(server.ports.smtp), security: .plain,
                                          authentication: MailAuthentication(user: Self.alice.address, secret: .password(password)),
                                          timeouts: .uniform(.seconds(10))),
            from: Self.alice.address, to: [Self.bob.address])
    }

    func send(_ configuration: EmailConfiguration, notice: AlertNotice, capture: LogCapture) async throws -> NotificationOutcome {
        let set = NotifierSet(["mail": .email(configuration)], logger: capture.logger)
        let outcome = try #require(await set.notifier(named: "mail")?.send(notice))
        await set.shutdown()
        return outcome
    }

    /// Every message in Bob's INBOX, whole, over IMAP.
    func fetchAll(_ server: TestMailServer) async throws -> [String] {
        let imap = IMAPConnection(configuration: IMAPClientConfiguration(
            host: "127.0.0.1", port: try #require(server.ports.imap), security: .plain,
            authentication: MailAuthentication(user: Self.bob.address, secret: .password(Self.bob.password)),
            timeouts: .uniform(.seconds(10))))
        try await imap.connect()
        _ = try await imap.select("INBOX")
        let uids = try await imap.uidSearch(.all)
        guard !uids.isEmpty else { return [] }
        let fetched = try await imap.uidFetch(IMAPSequenceSet(uids), [.uid, .body(.complete, peek: true)])
        try? await imap.logout()
        return fetched.compactMap { $0.body(.complete).map { String(decoding: $0, as: UTF8.self) } }
    }

    static func header(_ name: String, in message: String) -> String? {
        let head = message.components(separatedBy: "\r\n\r\n").first ?? ""
        // Unfold continuation lines (RFC 5322 §2.2.3).
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ")
        for line in unfolded.components(separatedBy: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ": ") {
            return String(line.dropFirst(name.count + 2))
        }
        return nil
    }

    @Test func deliversHeadersAndBody() async throws {
        let server = try await TestMailServer.start(.init(users: [Self.alice, Self.bob]))
        let capture = LogCapture()
        let outcome = try await send(try configuration(server), notice: Fixtures.notice(), capture: capture)
        #expect(outcome.delivered, "\(outcome.error ?? "")")
        let messages = try await fetchAll(server)
        await server.stop()
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(Self.header("Subject", in: message) == Fixtures.notice().summary)
        #expect(Self.header("From", in: message) == "<alice@example.test>")
        #expect(Self.header("To", in: message) == "<bob@example.test>")
        #expect(Self.header("Date", in: message) == "Wed, 01 Jan 2025 00:05:00 +0000")
        #expect(Self.header("MIME-Version", in: message) == "1.0")
        #expect(Self.header("Content-Type", in: message) == "text/plain; charset=utf-8")
        let messageID = try #require(Self.header("Message-ID", in: message))
        #expect(messageID.hasPrefix("<mailprobe-alert-7-firing-1735689900000.") && messageID.hasSuffix("@example.test>"))
        let body = message.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        #expect(body.hasPrefix(Fixtures.notice().detail + "\r\n"))
        #expect(body.contains("\r\nServer reply: 250 2.0.0 Ok: queued as 4XyZ\r\n"))
        #expect(body.contains("\r\nSince: Wed, 01 Jan 2025 00:00:00 +0000\r\n"))
        #expect(body.contains("\r\nRun: https://mailprobe.example/runs/42\r\n"))
        Fixtures.expectNoSecrets(Fixtures.texts([outcome], capture), [Self.alice.password])
    }

    @Test func nonASCIISubjectIsEncodedWords() async throws {
        let server = try await TestMailServer.start(.init(users: [Self.alice, Self.bob]))
        let summary = "KRITISCH Büro-Prüfung: Zustellung dauerte 23,4 s – Grenzwert überschritten bei smtp.büro.example"
        let outcome = try await send(try configuration(server), notice: Fixtures.notice(summary: summary), capture: LogCapture())
        #expect(outcome.delivered, "\(outcome.error ?? "")")
        let message = try #require(try await fetchAll(server).first)
        await server.stop()
        let subject = try #require(Self.header("Subject", in: message))
        let words = subject.split(separator: " ").map(String.init)
        #expect(words.count > 1, "a long subject becomes several encoded words")
        var decoded = Data()
        for word in words {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.count <= 75)
            decoded += try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
        }
        #expect(String(decoding: decoded, as: UTF8.self) == summary)
        #expect(message.contains("Content-Transfer-Encoding: 7bit"))
    }

    @Test func rejectedAuthenticationIsNotRetryableAndHidesThePassword() async throws {
        let server = try await TestMailServer.start(.init(users: [Self.alice, Self.bob]))
        let capture = LogCapture()
        let wrong = "wrong-password-6e2b"
        let outcome = try await send(try configuration(server, password: wrong), notice: Fixtures.notice(), capture: capture)
        await server.stop()
        #expect(!outcome.delivered && !outcome.retryable, "\(outcome.error ?? "")")
        #expect(outcome.error?.contains("127.0.0.1") == true)
        Fixtures.expectNoSecrets(Fixtures.texts([outcome], capture), [wrong, Self.alice.password])
    }

    @Test func transientRejectionIsRetryable() async throws {
        var faults = FaultPlan()
        faults.add(.reply(code: "451", text: "4.3.0 try again later"), at: .smtp("mail_from"))
        let server = try await TestMailServer.start(.init(users: [Self.alice, Self.bob], faults: faults))
        let outcome = try await send(try configuration(server), notice: Fixtures.notice(), capture: LogCapture())
        await server.stop()
        #expect(!outcome.delivered && outcome.retryable)
        #expect(outcome.error?.contains("451") == true, "\(outcome.error ?? "")")
    }

    @Test func unreachableServerIsRetryable() async throws {
        let listener = try SilentListener()
        var configuration = EmailConfiguration(
            smtp: SMTPClientConfiguration(host: "127.0.0.1", port: UInt16(listener.port), security: .plain,
                                          timeouts: .uniform(.milliseconds(500))),
            from: Self.alice.address, to: [Self.bob.address])
        configuration.to = [Self.bob.address]
        let outcome = try await send(configuration, notice: Fixtures.notice(), capture: LogCapture())
        #expect(!outcome.delivered && outcome.retryable)
    }
}
