import IMAPCore
import MailCore
import MailTransport

extension IMAPConnection {
    /// Runs `command`, encoded for what the server offers (LITERAL+ / LITERAL-, SASL-IR).
    func run(_ command: IMAPCommand, _ kind: IMAPCommandKind) async throws(IMAPError) -> IMAPStateMachine.Completion {
        let encoder = IMAPCommandEncoder(options: .init(capabilities: capabilities))
        return try await execute(kind) { (tag: String) throws(IMAPError) -> Encoded in
            try Self.encode(command, tag: tag, with: encoder, phase: kind.phase)
        }
    }

    static func encode(_ command: IMAPCommand, tag: String, with encoder: IMAPCommandEncoder,
                       phase: IMAPPhase) throws(IMAPError) -> Encoded {
        do {
            let encoded = try encoder.encode(command, tag: try IMAPTag(tag))
            return Encoded(segments: encoded.segments, redacted: encoded.redactedDescription)
        } catch {
            throw IMAPError(.invalidRequest, phase: phase, message: "cannot encode the command: \(error)", underlying: error)
        }
    }

    /// CAPABILITY (RFC 9051 §6.1.1).
    @discardableResult
    public func capability() async throws(IMAPError) -> Set<IMAPCapability> {
        let completion = try await run(.capability, .capability)
        try requireOK(completion, "CAPABILITY refused", command: "CAPABILITY")
        return capabilities
    }

    /// NOOP: also collects news (RFC 9051 §6.1.2).
    public func noop() async throws(IMAPError) {
        try requireOK(try await run(.noop, .noop), "NOOP refused", command: "NOOP")
    }

    /// ID (RFC 2971): tells the server who we are; returns what it says about itself.
    @discardableResult
    public func id(_ parameters: [IMAPIDParameter]?) async throws(IMAPError) -> [IMAPIDParameter] {
        let completion = try await run(.id(parameters), .id)
        try requireOK(completion, "ID refused", command: "ID")
        for case .id(let answer) in completion.untagged { return answer }
        return []
    }

    /// ENABLE (RFC 5161); returns what the server enabled.
    @discardableResult
    public func enable(_ extensions: [IMAPCapability]) async throws(IMAPError) -> [IMAPCapability] {
        let completion = try await run(.enable(extensions), .enable)
        try requireOK(completion, "ENABLE refused", command: "ENABLE")
        for case .enabled(let enabled) in completion.untagged { return enabled }
        return []
    }

    /// SELECT (RFC 9051 §6.3.2): the mailbox with its EXISTS, UIDVALIDITY, UIDNEXT and flags.
    @discardableResult
    public func select(_ mailbox: String) async throws(IMAPError) -> IMAPMailboxState {
        let completion = try await run(.select(IMAPMailboxName(mailbox)), .select(mailbox))
        try requireOK(completion, "cannot select \(mailbox)", command: "SELECT \(mailbox)")
        return machine.mailbox ?? IMAPMailboxState(name: mailbox, readOnly: false)
    }

    /// EXAMINE: SELECT, read-only (RFC 9051 §6.3.3).
    @discardableResult
    public func examine(_ mailbox: String) async throws(IMAPError) -> IMAPMailboxState {
        let completion = try await run(.examine(IMAPMailboxName(mailbox)), .examine(mailbox))
        try requireOK(completion, "cannot examine \(mailbox)", command: "EXAMINE \(mailbox)")
        return machine.mailbox ?? IMAPMailboxState(name: mailbox, readOnly: true)
    }

    /// LIST (RFC 9051 §6.3.9).
    public func list(reference: String = "", pattern: String = "*") async throws(IMAPError) -> [IMAPMailboxInfo] {
        let completion = try await run(.list(reference: reference, pattern: pattern), .list)
        try requireOK(completion, "LIST refused", command: "LIST")
        return completion.untagged.compactMap { if case .list(let info) = $0 { info } else { nil } }
    }

    /// STATUS (RFC 9051 §6.3.11).
    public func status(_ mailbox: String, _ attributes: [IMAPStatusAttribute] = [.messages, .uidNext, .uidValidity, .unseen])
        async throws(IMAPError) -> IMAPMailboxStatus {
        let completion = try await run(.status(IMAPMailboxName(mailbox), attributes), .status)
        try requireOK(completion, "cannot get the status of \(mailbox)", command: "STATUS \(mailbox)")
        for case .status(_, let status) in completion.untagged { return status }
        throw IMAPError(.protocolViolation, phase: .status, response: completion.response, message: "STATUS answered without data")
    }

    /// CREATE (RFC 9051 §6.3.4).
    public func create(_ mailbox: String) async throws(IMAPError) {
        try requireOK(try await run(.create(IMAPMailboxName(mailbox)), .create), "cannot create \(mailbox)",
                      command: "CREATE \(mailbox)")
    }

    /// DELETE (RFC 9051 §6.3.5).
    public func delete(_ mailbox: String) async throws(IMAPError) {
        try requireOK(try await run(.delete(IMAPMailboxName(mailbox)), .delete), "cannot delete \(mailbox)",
                      command: "DELETE \(mailbox)")
    }

    /// RENAME (RFC 9051 §6.3.6).
    public func rename(_ mailbox: String, to newName: String) async throws(IMAPError) {
        try requireOK(try await run(.rename(IMAPMailboxName(mailbox), to: IMAPMailboxName(newName)), .rename),
                      "cannot rename \(mailbox) to \(newName)", command: "RENAME \(mailbox) \(newName)")
    }

    /// APPEND (RFC 9051 §6.3.12); returns the new UID when the server has UIDPLUS.
    @discardableResult
    public func append(_ message: [UInt8], to mailbox: String, flags: [IMAPFlag] = [],
                       date: IMAPInternalDate? = nil) async throws(IMAPError) -> UInt32? {
        let completion = try await run(.append(IMAPMailboxName(mailbox), flags: flags, date: date, message: message), .append)
        try requireOK(completion, "cannot append to \(mailbox)", command: "APPEND \(mailbox)")
        if case .appendUID(_, let uids) = completion.response.code { return uids.ranges.first?.first.value }
        return nil
    }

    /// UID SEARCH (RFC 9051 §6.4.4): the UIDs that match.
    public func uidSearch(_ criteria: IMAPSearchKey) async throws(IMAPError) -> [UInt32] {
        let completion = try await run(.uidSearch(criteria), .search)
        try requireOK(completion, "search refused", command: "UID SEARCH")
        var uids: [UInt32] = []
        for untagged in completion.untagged {
            switch untagged {
            case .search(let result): uids += result.numbers
            case .esearch(let result): uids += result.all?.values ?? []
            default: break
            }
        }
        return uids
    }

    /// UID FETCH (RFC 9051 §6.4.5): one response per message, literals included.
    public func uidFetch(_ uids: IMAPSequenceSet, _ items: [IMAPFetchItem]) async throws(IMAPError) -> [IMAPFetchResponse] {
        let completion = try await run(.uidFetch(uids, items), .fetch)
        try requireOK(completion, "fetch refused", command: "UID FETCH \(uids)")
        return completion.untagged.compactMap { if case .fetch(let fetch) = $0 { fetch } else { nil } }
    }

    /// UID STORE (RFC 9051 §6.4.6).
    public func uidStore(_ uids: IMAPSequenceSet, _ action: IMAPStoreAction) async throws(IMAPError) {
        try requireOK(try await run(.uidStore(uids, action), .store), "store refused", command: "UID STORE \(uids)")
    }

    /// Removes messages marked \Deleted: UID EXPUNGE for `uids` with UIDPLUS (RFC 4315), else EXPUNGE.
    public func expunge(uids: IMAPSequenceSet? = nil) async throws(IMAPError) {
        let command: IMAPCommand = if let uids, machine.has(.uidPlus) { .uidExpunge(uids) } else { .expunge }
        try requireOK(try await run(command, .expunge), "expunge refused", command: "EXPUNGE")
    }

    /// UID COPY (RFC 9051 §6.4.7); the new UIDs when the server has UIDPLUS (RFC 4315).
    /// A missing destination is a NO with `[TRYCREATE]` in the error's response.
    @discardableResult
    public func copy(_ uids: IMAPSequenceSet, to mailbox: String) async throws(IMAPError) -> IMAPCopyUID? {
        let completion = try await run(.uidCopy(uids, IMAPMailboxName(mailbox)), .copy)
        try requireOK(completion, "cannot copy to \(mailbox)", command: "UID COPY \(uids) \(mailbox)")
        return IMAPCopyUID(completion.response.code)
    }

    /// UID MOVE (RFC 6851), when the server offers MOVE; the new UIDs when the server has
    /// UIDPLUS (sent before the EXPUNGEs, or in the tagged OK).
    @discardableResult
    public func move(_ uids: IMAPSequenceSet, to mailbox: String) async throws(IMAPError) -> IMAPCopyUID? {
        guard machine.has(.move) else {
            throw IMAPError(.invalidRequest, phase: .move, message: "the server does not offer MOVE")
        }
        let completion = try await run(.uidMove(uids, IMAPMailboxName(mailbox)), .move)
        try requireOK(completion, "cannot move to \(mailbox)", command: "UID MOVE \(uids) \(mailbox)")
        for case .condition(let status) in completion.untagged {
            if let copied = IMAPCopyUID(status.code) { return copied }
        }
        return IMAPCopyUID(completion.response.code)
    }

    /// Leaves the mailbox: UNSELECT when offered (RFC 3691), else CLOSE (which also expunges).
    public func unselect() async throws(IMAPError) {
        let hasUnselect = machine.has(.unselect)
        let completion = try await run(hasUnselect ? .unselect : .close, hasUnselect ? .unselect : .close)
        try requireOK(completion, "cannot leave the mailbox", command: hasUnselect ? "UNSELECT" : "CLOSE")
    }

    /// LOGOUT, then close (RFC 9051 §6.1.3). A server that closes first is not an error.
    public func logout() async throws(IMAPError) {
        guard transport != nil, terminalError == nil else { return }
        do {
            let completion = try await run(.logout, .logout)
            try requireOK(completion, "LOGOUT refused", command: "LOGOUT")
        } catch where error.code == .connectionClosed || error.code == .bye {
            // The server said BYE and hung up before the tagged OK: that is how LOGOUT ends.
        }
        finish(with: nil)
    }
}

extension IMAPSequenceSet.Bound {
    var value: UInt32? {
        if case .number(let number) = self { return number }
        return nil
    }
}

extension IMAPSequenceSet {
    /// Every number in the set (ranges with `*` are left out).
    var values: [UInt32] {
        ranges.flatMap { range -> [UInt32] in
            guard let first = range.first.value, let last = range.last.value else { return [] }
            return Array(Swift.min(first, last)...Swift.max(first, last))
        }
    }
}
