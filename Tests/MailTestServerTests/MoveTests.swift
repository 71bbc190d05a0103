import IMAPClient
import IMAPCore
import MailCore
import MailTestServer
import Testing

/// UID MOVE (RFC 6851) on the test server with our client: flags kept, the source's EXPUNGE
/// followed, a session idling on the destination told at once.
@Suite struct MoveTests {
    @Test func moveKeepsFlagsAndWakesTheDestination() async throws {
        let server = try await Support.start()
        for subject in ["one", "two", "three"] { _ = try await Support.submit(server, subject: subject) }
        let mover = Support.imap(server)
        try await mover.connect()
        try await mover.create("Archive")
        let watcher = Support.imap(server)
        try await watcher.connect()
        try await watcher.select("Archive")
        try await watcher.startIdle()

        try await mover.select("INBOX")
        try await mover.uidStore(IMAPSequenceSet([2]), .add([.flagged], silent: true))
        let moved = try await mover.move(IMAPSequenceSet([2, 3]), to: "Archive")
        #expect(moved?.source == IMAPSequenceSet([2, 3]) && moved?.destination == IMAPSequenceSet([1, 2]))
        #expect(await mover.mailbox?.exists == 1)
        #expect(try await mover.uidSearch(.all) == [1])
        // COPY keeps the original: Archive gets UID 3, INBOX still has 1.
        let copied = try await mover.copy(IMAPSequenceSet([1]), to: "Archive")
        #expect(copied?.destination == IMAPSequenceSet([3]) && copied?.uidValidity == moved?.uidValidity)
        #expect(try await mover.uidSearch(.all) == [1])

        var news = watcher.notifications.makeAsyncIterator()
        #expect(await news.next()?.notification == .exists(2))
        try await watcher.stopIdle()
        let archived = try await watcher.uidFetch(.all, [.uid, .flags, .body(.header, peek: true)])
        #expect(archived.map(\.uid) == [1, 2, 3])
        #expect(archived.map { $0.flags?.contains(.flagged) } == [true, false, false])
        #expect(archived.map { String(decoding: $0.body(.header) ?? [], as: UTF8.self).contains("Subject: two") } == [true, false, false])

        // Into a mailbox that does not exist: NO [TRYCREATE], nothing moves.
        let error = await #expect(throws: IMAPError.self) { try await mover.move(IMAPSequenceSet([1]), to: "Nowhere") }
        #expect(error?.code == .no)
        #expect(error?.response?.code == .tryCreate)
        #expect(await mover.mailbox?.exists == 1)
        try await mover.logout()
        try await watcher.logout()
        await server.stop()
    }
}

/// CREATE, RENAME and DELETE on the test server with our client (RFC 9051 §6.3.4–6.3.6).
@Suite struct MailboxManagementTests {
    @Test func renameAndDeleteMailboxes() async throws {
        let server = try await Support.start()
        _ = try await Support.submit(server, subject: "kept")
        let imap = Support.imap(server)
        try await imap.connect()
        try await imap.create("Projects")
        try await imap.rename("Projects", to: "Projects 2026")
        var names = try await imap.list().map(\.name.name)
        #expect(names.contains("Projects 2026") && !names.contains("Projects"))
        try await imap.delete("Projects 2026")
        names = try await imap.list().map(\.name.name)
        #expect(!names.contains("Projects 2026"))
        // Inferiors go along (RFC 9051 §6.3.6).
        try await imap.create("A")
        try await imap.create("A/B")
        try await imap.rename("A", to: "C")
        names = try await imap.list().map(\.name.name)
        #expect(names.contains("C") && names.contains("C/B") && !names.contains("A") && !names.contains("A/B"))

        // INBOX cannot be deleted; a missing mailbox cannot be renamed; an existing name cannot be taken.
        var error = await #expect(throws: IMAPError.self) { try await imap.delete("INBOX") }
        #expect(error?.code == .no && error?.phase == .delete)
        error = await #expect(throws: IMAPError.self) { try await imap.rename("Nowhere", to: "Somewhere") }
        #expect(error?.response?.code == .other(name: "NONEXISTENT", text: nil) && error?.phase == .rename)
        try await imap.create("Taken")
        error = await #expect(throws: IMAPError.self) { try await imap.rename("Taken", to: "INBOX") }
        #expect(error?.response?.code == .other(name: "ALREADYEXISTS", text: nil))

        // Renaming INBOX moves its messages and leaves it empty (RFC 9051 §6.3.6); a session with
        // INBOX selected is told at once.
        let watcher = Support.imap(server)
        try await watcher.connect()
        try await watcher.select("INBOX")
        try await watcher.startIdle()
        try await imap.rename("INBOX", to: "Old Inbox")
        var news = watcher.notifications.makeAsyncIterator()
        #expect(await news.next()?.notification == .expunge(1))
        try await watcher.stopIdle()
        try await watcher.logout()
        #expect(try await imap.status("INBOX").messages == 0)
        #expect(try await imap.status("Old Inbox").messages == 1)
        try await imap.logout()
        await server.stop()
    }
}
