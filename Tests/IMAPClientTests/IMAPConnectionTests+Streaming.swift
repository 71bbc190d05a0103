import IMAPClient
import IMAPCore
import MailCore
import MailTestKit
import MailTransport
import Synchronization
import Testing

/// `uidFetch(_:_:streamingLiteralsFrom:to:)` against scripted servers.
extension IMAPConnectionTests {
    /// What a sink saw, from any task.
    final class Chunks: Sendable {
        private let state = Mutex<[IMAPLiteralChunk]>([])
        func append(_ chunk: IMAPLiteralChunk) {
            // A copy: the chunk's bytes are a view of the connection's buffer.
            var own = chunk
            own.bytes = ArraySlice(Array(chunk.bytes))
            state.withLock { $0.append(own) }
        }
        var all: [IMAPLiteralChunk] { state.withLock { $0 } }
        var data: [UInt8] { all.flatMap(\.bytes) }
    }

    static func messageBody(_ size: Int) -> String {
        var text = ""
        var line = 0
        while text.utf8.count < size {
            text += "line \(line) of the message, with ) and {12} inside\r\n"
            line += 1
        }
        return String(text.utf8.prefix(size))!
    }

    @Test func aLargeBodyGoesToTheSinkInPieces() async throws {
        let body = Self.messageBody(300_000)
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 UID FETCH 7 (UID BODY.PEEK[])"),
            .send("* 1 FETCH (UID 7 BODY[] {300000}\r\n"),
            .send(String(body.prefix(100_000))),
            .sleep(.milliseconds(20)),
            .send(String(body.dropFirst(100_000)) + " FLAGS (\\Seen))\r\n* 2 FETCH (UID 8 BODY[] {5}\r\nsmall)\r\nA0003 OK done\r\n"),
        ] + Self.logout("A0004"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        let chunks = Chunks()
        let fetched = try await imap.uidFetch(IMAPSequenceSet([7]), [.uid, .body(.complete, peek: true)],
                                              streamingLiteralsFrom: 64 * 1024) { chunks.append($0) }
        #expect(chunks.data == Array(body.utf8))
        let pieces = chunks.all
        #expect(pieces.count >= 2)
        #expect(pieces.allSatisfy { $0.literal == IMAPStreamedLiteral(
            sequenceNumber: 1, uid: 7, attribute: .body(section: .complete, origin: nil, data: []), size: 300_000) })
        #expect(pieces.map(\.offset) == pieces.indices.map { pieces[..<$0].reduce(0) { $0 + $1.bytes.count } })
        #expect(pieces.last?.isLast == true && pieces.dropLast().allSatisfy { !$0.isLast })
        // The streamed item comes back empty; the small one is buffered as usual.
        #expect(fetched.map(\.uid) == [7, 8])
        #expect(fetched[0].body(.complete) == [])
        #expect(fetched[0].flags == [.seen])
        #expect(fetched[1].body(.complete) == Array("small".utf8))
        #expect(await imap.timings.contains { $0.phase == .fetch })
        // The trace shows the literal's size, never its bytes.
        let trace = await imap.trace.map(\.text)
        #expect(trace.contains("* 1 FETCH (UID 7 BODY[] {300000}"))
        #expect(trace.contains("[300000 bytes]"))
        #expect(!trace.contains { $0.contains("line 1 of the message") })
        // Afterwards, fetches buffer again.
        try await imap.logout()
        _ = try await server.received()
    }

    @Test func aFailingSinkFailsTheFetchButNotTheSession() async throws {
        struct DiskFull: Error {}
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 UID FETCH 7 (BODY.PEEK[])"),
            .send("* 1 FETCH (BODY[] {100000}\r\n\(Self.messageBody(100_000)) UID 7)\r\nA0003 OK done\r\n"),
            .expect("A0004 NOOP"),
            .send("A0004 OK NOOP completed\r\n"),
        ] + Self.logout("A0005"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        let calls = Chunks()
        let error = await #expect(throws: IMAPError.self) {
            try await imap.uidFetch(IMAPSequenceSet([7]), [.body(.complete, peek: true)], streamingLiteralsFrom: 1000) { chunk in
                calls.append(chunk)
                throw DiskFull()
            }
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.phase == .fetch)
        #expect(error?.message.contains("DiskFull") == true)
        #expect(calls.all.count == 1)
        try await imap.noop()
        try await imap.logout()
        _ = try await server.received()
    }

    @Test func noOtherFetchWhileAStreamingFetchIsInFlight() async throws {
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 UID FETCH 7 (BODY.PEEK[])"),
            .send("* 1 FETCH (UID 7 BODY[] {20000}\r\n\(Self.messageBody(20000)))\r\nA0003 OK done\r\n"),
        ] + Self.logout("A0004"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        let refusal = Mutex<(any Error)?>(nil)
        _ = try await imap.uidFetch(IMAPSequenceSet([7]), [.body(.complete, peek: true)], streamingLiteralsFrom: 1000) { chunk in
            guard chunk.offset == 0 else { return }
            // The streaming fetch is in flight: its literals and this one's could not be told apart.
            do {
                _ = try await imap.uidFetch(IMAPSequenceSet([8]), [.flags])
            } catch {
                refusal.withLock { $0 = error }
            }
        }
        let error = refusal.withLock { $0 } as? IMAPError
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("a streaming FETCH is in flight") == true)
        try await imap.logout()
        #expect(try await server.received().allSatisfy { !$0.contains("UID FETCH 8") })
    }

    @Test func aStreamedLiteralTimesOutOnlyWhenItStalls() async throws {
        // 80 KB in 16 pieces 100 ms apart: 1.6 s in all, longer than the 1 s command timeout.
        let piece = Self.messageBody(5000)
        var steps = Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 UID FETCH 7 (BODY.PEEK[])"),
            .send("* 1 FETCH (BODY[] {80000}\r\n"),
        ]
        for _ in 0..<16 { steps += [.sleep(.milliseconds(100)), .send(piece)] }
        steps += [.send(")\r\nA0003 OK done\r\n"), .expect("A0004 UID FETCH 8 (BODY.PEEK[])"),
                  .send("* 2 FETCH (BODY[] {80000}\r\n\(piece)"), .sleep(.seconds(4))]
        let server = try ScriptedServer(steps)
        let imap = IMAPConnection(configuration: configuration(server, timeout: .seconds(1)))
        try await imap.connect()
        try await imap.select("INBOX")
        let chunks = Chunks()
        let start = ContinuousClock.now
        _ = try await imap.uidFetch(IMAPSequenceSet([7]), [.body(.complete, peek: true)], streamingLiteralsFrom: 1000) {
            chunks.append($0)
        }
        #expect(start.duration(to: .now) >= .milliseconds(1600))
        #expect(chunks.data.count == 80000)
        // Then a literal that stops arriving: timed out 1 s after its last piece.
        let stalled = ContinuousClock.now
        let error = await #expect(throws: IMAPError.self) {
            try await imap.uidFetch(IMAPSequenceSet([8]), [.body(.complete, peek: true)], streamingLiteralsFrom: 1000) { _ in }
        }
        let elapsed = stalled.duration(to: .now)
        #expect(error?.code == .timedOut)
        #expect(error?.phase == .fetch)
        #expect(error?.message == "no progress within 1 s")
        #expect(elapsed >= .seconds(1) && elapsed < .milliseconds(3500))
    }
}

extension IMAPConnectionTests {
    @Test func aSlowSinkIsNotTheServersSilence() async throws {
        // Each piece takes the sink 800 ms, longer than the 500 ms command timeout: the server is
        // not silent, the caller is busy, so the fetch completes.
        let piece = Self.messageBody(3000)
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 UID FETCH 7 (BODY.PEEK[])"),
            .send("* 1 FETCH (UID 7 BODY[] {9000}\r\n\(piece)"),
            .sleep(.milliseconds(50)), .send(piece),
            .sleep(.milliseconds(50)), .send(piece + ")\r\nA0003 OK done\r\n"),
        ] + Self.logout("A0004"))
        let imap = IMAPConnection(configuration: configuration(server, timeout: .milliseconds(500)))
        try await imap.connect()
        try await imap.select("INBOX")
        let chunks = Chunks()
        let start = ContinuousClock.now
        let fetched = try await imap.uidFetch(IMAPSequenceSet([7]), [.body(.complete, peek: true)], streamingLiteralsFrom: 1024) {
            chunks.append($0)
            try await Task.sleep(for: .milliseconds(800))
        }
        #expect(start.duration(to: .now) >= .milliseconds(800 * chunks.all.count))
        #expect(!chunks.all.isEmpty)
        #expect(chunks.data.count == 9000)
        #expect(fetched.first?.uid == 7)
        try await imap.logout()
        _ = try await server.received()
    }
}
