import IMAPClient
import IMAPCore
import MailCore
import MailTestKit
import MailTransport
import Testing

/// UID MOVE (RFC 6851) against scripted servers: sent when offered, refused before sending when not.
extension IMAPConnectionTests {
    @Test func moveIsSentWhenOfferedAndTheExpungeFollows() async throws {
        let server = try ScriptedServer(Self.loggedIn("IMAP4rev1 IDLE UIDPLUS MOVE") + Self.selectInbox("A0002") + [
            .expect("A0003 UID MOVE 5:6 Archive"),
            .send("* OK [COPYUID 99 5:6 1:2] Moved UIDs.\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\nA0003 OK Move completed\r\n"),
        ] + Self.logout("A0004"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        let copied = try await imap.move(IMAPSequenceSet([5, 6]), to: "Archive")
        #expect(copied == IMAPCopyUID(uidValidity: 99, source: IMAPSequenceSet([5, 6]), destination: IMAPSequenceSet([1, 2])))
        #expect(await imap.mailbox?.exists == 2)
        #expect(await imap.timings.contains { $0.phase == .move })
        try await imap.logout()
        _ = try await server.received()
    }

    @Test func moveWithoutTheCapabilityIsRefusedBeforeSending() async throws {
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + Self.logout("A0003"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        let error = await #expect(throws: IMAPError.self) { try await imap.move(IMAPSequenceSet([5]), to: "Archive") }
        #expect(error?.code == .invalidRequest)
        #expect(error?.phase == .move)
        #expect(error?.message == "the server does not offer MOVE")
        try await imap.logout()
        #expect(try await server.received().allSatisfy { !$0.contains("MOVE") })
    }
}
