import IMAPCore
import MailCore
import MailTransport

extension IMAPConnection {
    /// Where the literals of a streaming FETCH go, while it is in flight.
    struct LiteralStream {
        var tag: String
        var threshold: Int
        var sink: @Sendable (IMAPLiteralChunk) async throws -> Void
        /// The literal being passed on, and how much of it went.
        var current: IMAPStreamedLiteral?
        var offset = 0
        /// The first error the sink threw; later pieces are dropped.
        var failure: (any Error)?
        /// Whether the sink is running: the time it takes is not the server's silence.
        var sinkBusy = false
    }

    /// UID FETCH (RFC 9051 §6.4.5) that hands every literal of at least
    /// `threshold` bytes to `sink` in pieces as they arrive, instead of
    /// holding it in memory: a 200 MB message costs one socket read of
    /// buffer, not 200 MB twice.
    ///
    ///     let file = ...   // any Sendable writer
    ///     let fetched = try await imap.uidFetch(IMAPSequenceSet([uid]), [.uid, .body(.complete, peek: true)],
    ///                                           streamingLiteralsFrom: 64 * 1024) { chunk in
    ///         try await file.write(chunk.bytes)
    ///     }
    ///
    /// The sink runs on the reader: the next bytes are read when it returns,
    /// so a slow sink slows the server down (TCP flow control) rather than
    /// filling memory, and the time it takes never counts as the server's
    /// silence. It must not wait for a command on the same connection: the
    /// reader that would read the answer is waiting for the sink. Literals of
    /// FETCH items are streamed (not those inside ENVELOPE or BODYSTRUCTURE),
    /// including an unsolicited FETCH that carries one: tell messages apart by
    /// `chunk.literal.uid` or sequence number. Smaller literals come back in
    /// the responses as with ``uidFetch(_:_:)``; a streamed item comes back with
    /// empty data. Thresholds under ``IMAPFramer/minimumStreamedLiteral`` (1 KiB)
    /// count as 1 KiB. If the sink throws, the rest of that fetch's literals
    /// is read and dropped, the session stays usable, and the error is rethrown
    /// as `invalidRequest` once the server completed the command. The command timeout counts
    /// from the last piece received, so a long download is not cut off while
    /// it progresses. Untagged FETCH responses cannot be told apart between
    /// two FETCH commands in flight (RFC 9051 §5.5): while a streaming fetch
    /// runs, no other FETCH may start on the connection, and it starts only
    /// when none is in flight.
    public func uidFetch(
        _ uids: IMAPSequenceSet,
        _ items: [IMAPFetchItem],
        streamingLiteralsFrom threshold: Int = 64 * 1024,
        to sink: @escaping @Sendable (IMAPLiteralChunk) async throws -> Void
    ) async throws(IMAPError) -> [IMAPFetchResponse] {
        let encoder = IMAPCommandEncoder(options: .init(capabilities: capabilities))
        let command = IMAPCommand.uidFetch(uids, items)
        let tag = try await begin(.fetch, streaming: (threshold, sink)) { (tag: String) throws(IMAPError) -> Encoded in
            try Self.encode(command, tag: tag, with: encoder, phase: .fetch)
        }
        releaseWriteLock()
        let completion = try await completion(of: tag)
        if let failure = sinkFailures.removeValue(forKey: tag) {
            throw IMAPError(.invalidRequest, phase: .fetch, command: "\(tag) UID FETCH \(uids)",
                            message: "the literal sink failed: \(failure)", underlying: failure)
        }
        try requireOK(completion, "fetch refused", command: "UID FETCH \(uids)")
        return completion.untagged.compactMap { if case .fetch(let fetch) = $0 { fetch } else { nil } }
    }

    /// Refuses a FETCH whose untagged responses could be mistaken for a streaming fetch's.
    func checkFetchConflict(streaming: Bool) throws(IMAPError) {
        let conflict = streaming ? waiters.values.contains { $0.kind == .fetch } : literalStream != nil
        guard conflict else { return }
        throw IMAPError(.invalidRequest, phase: .fetch,
                        message: streaming ? "another FETCH is in flight: a streaming FETCH could not tell its literals apart (RFC 9051 §5.5)"
                                           : "a streaming FETCH is in flight: its literals could not be told apart from this one's (RFC 9051 §5.5)")
    }

    /// A streamed literal starts: it counts as progress of the fetch.
    func literalBegan(_ literal: IMAPStreamedLiteral) {
        guard let tag = literalStream?.tag else { return }
        literalStream?.current = literal
        literalStream?.offset = 0
        waiters[tag]?.progressAt = .now
    }

    /// Passes a piece of the streamed literal on (on the reader, so that a
    /// slow sink holds the reading back) and counts it as progress of the fetch.
    func passOn(_ bytes: ArraySlice<UInt8>) async {
        guard let stream = literalStream, let literal = stream.current else { return }
        literalStream?.offset += bytes.count
        waiters[stream.tag]?.progressAt = .now
        guard stream.failure == nil else { return }
        literalStream?.sinkBusy = true
        var failure: (any Error)?
        do {
            try await stream.sink(IMAPLiteralChunk(literal: literal, offset: stream.offset, bytes: bytes))
        } catch {
            failure = error
        }
        guard literalStream?.tag == stream.tag else { return }
        literalStream?.sinkBusy = false
        if let failure { literalStream?.failure = failure }
        waiters[stream.tag]?.progressAt = .now
    }

    /// Ends the stream of the fetch `tag` completes, keeping the sink's failure for the caller.
    func endLiteralStream(for tag: String) {
        guard let stream = literalStream, stream.tag == tag else { return }
        if let failure = stream.failure { sinkFailures[tag] = failure }
        literalStream = nil
    }
}
