import IMAPCore

extension IMAPServerSession {
    /// SEARCH, FETCH, STORE, EXPUNGE, COPY and MOVE, plain or UID (RFC 9051 §6.4; RFC 4315 §2.1 for
    /// UID EXPUNGE; RFC 6851 for MOVE).
    mutating func executeSelected(_ command: IMAPServerCommand) async throws(SessionEnd) {
        let tag = command.tag
        let byUID = command.name.hasPrefix("UID ")
        let succeeded: Bool
        switch command.name {
        case "SEARCH", "UID SEARCH": succeeded = search(tag, command.arguments, byUID: byUID)
        case "FETCH", "UID FETCH": succeeded = fetch(tag, command.arguments, byUID: byUID)
        case "STORE", "UID STORE": succeeded = storeFlags(tag, command.arguments, byUID: byUID)
        case "COPY", "UID COPY", "MOVE", "UID MOVE":
            return copy(tag, command.arguments, byUID: byUID, moving: command.name.hasSuffix("MOVE"))
        default: succeeded = expunge(tag, command.arguments, byUID: byUID)
        }
        guard succeeded else { return }
        syncNew()
        tagged(tag, "OK", "\(command.name) completed")
    }

    // copy = "COPY" SP sequence-set SP mailbox ; move = "MOVE" SP sequence-set SP mailbox (RFC 6851)
    /// COPYUID (RFC 4315) in the tagged OK of COPY; for MOVE in an untagged OK before the EXPUNGEs.
    private mutating func copy(_ tag: String, _ args: [IMAPToken], byUID: Bool, moving: Bool) {
        let verb = moving ? "MOVE" : "COPY"
        guard let view = selection else { return }
        guard args.count == 2, let targets = resolve(args[0], byUID: byUID), let destination = args[1].text else {
            return tagged(tag, "BAD", "\(verb) needs a message set and a mailbox")
        }
        if moving, view.readOnly { return tagged(tag, "NO", "[READ-ONLY] mailbox is read-only") }
        guard store.mailbox(view.user, destination) != nil else { return tagged(tag, "NO", "[TRYCREATE] no such mailbox") }
        guard let (validity, pairs) = store.copy(view.user, from: view.mailbox, uids: targets.map(\.1), to: destination,
                                                 removing: moving) else {
            return tagged(tag, "NO", "the selected mailbox is gone")
        }
        // Both lists ascend (source UIDs in sequence order, new UIDs as assigned), so sets keep the pairing.
        let code = pairs.isEmpty ? ""
            : "[COPYUID \(validity) \(IMAPSequenceSet(pairs.map(\.0))) \(IMAPSequenceSet(pairs.map(\.1)))] "
        if moving {
            if !code.isEmpty { emit("* OK \(code)Moved") }
            syncExpunged()
            syncNew()
            tagged(tag, "OK", "\(verb) completed")
        } else {
            syncNew()
            tagged(tag, "OK", "\(code)\(verb) completed")
        }
    }

    /// The (sequence number, UID) pairs a set names; nil when the set does not parse.
    func resolve(_ token: IMAPToken?, byUID: Bool) -> [(Int, UInt32)]? {
        guard let view = selection, let text = token?.text, let set = IMAPSequenceSet(text) else { return nil }
        let largest: UInt32 = byUID ? (view.uids.last ?? 0) : UInt32(view.uids.count)
        func value(_ bound: IMAPSequenceSet.Bound) -> UInt32 {
            switch bound {
            case .number(let number): number
            case .last: largest
            }
        }
        let ranges = set.ranges.map { range -> ClosedRange<UInt32> in
            let (a, b) = (value(range.first), value(range.last))
            return min(a, b)...max(a, b)
        }
        var result: [(Int, UInt32)] = []
        for (index, uid) in view.uids.enumerated() {
            let key = byUID ? uid : UInt32(index + 1)
            if ranges.contains(where: { $0.contains(key) }) { result.append((index + 1, uid)) }
        }
        return result
    }

    // fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
    /// Appends the FETCH responses; false when it answered otherwise (an error, or the huge-literal fault).
    private mutating func fetch(_ tag: String, _ args: [IMAPToken], byUID: Bool) -> Bool {
        guard let view = selection, let targets = resolve(args.first, byUID: byUID), args.count >= 2 else {
            tagged(tag, "BAD", "FETCH needs a sequence set and data items")
            return false
        }
        var names: [String]
        switch args[1] {
        case .list(let items): names = items.compactMap(\.text)
        case .atom(let item):
            switch item.uppercased() {
            // The macros of RFC 9051 §6.4.5.
            case "FAST": names = ["FLAGS", "INTERNALDATE", "RFC822.SIZE"]
            case "ALL": names = ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"]
            case "FULL": names = ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"]
            default: names = [item]
            }
        case .string:
            tagged(tag, "BAD", "invalid data item")
            return false
        }
        var attributes: [IMAPFetchRequest] = []
        for name in names {
            guard let attribute = IMAPFetchRequest(name) else {
                tagged(tag, "BAD", "unsupported data item \(name)")
                return false
            }
            attributes.append(attribute)
        }
        if byUID && !attributes.contains(.uid) { attributes.insert(.uid, at: 0) }
        if configuration.faults.announcesHugeLiteral && affected {
            let uid = targets.first?.1 ?? 1
            emit("* \(targets.first?.0 ?? 1) FETCH (UID \(uid) BODY[] {1099511627776}")
            return false
        }
        guard let box = store.mailbox(view.user, view.mailbox) else { return true }
        let marksSeen = !view.readOnly && attributes.contains { $0.setsSeen }
        var messages = Dictionary(box.messages.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        // Looked up once, not per message: which were unseen before this FETCH sets \Seen.
        let unseenBefore = marksSeen ? Set(box.messages.lazy.filter { !$0.flags.contains("\\Seen") }.map(\.uid)) : []
        if marksSeen {
            let changed = store.updateFlags(view.user, view.mailbox, uids: Set(targets.map(\.1))) { $0.insert("\\Seen") }
            for message in changed { messages[message.uid] = message }
        }
        for (sequence, uid) in targets {
            guard let message = messages[uid] else { continue }
            var structure: MIMEEntity?
            var items: [[UInt8]] = attributes.map { $0.render(message, structure: &structure) }
            if marksSeen && !attributes.contains(.flags) && unseenBefore.contains(uid) {
                items.append(IMAPFetchRequest.flags.render(message))
            }
            out += Array("* \(sequence) FETCH (".utf8)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(32) }
                out += item
            }
            out += Array(")\r\n".utf8)
        }
        return true
    }

    // store = "STORE" SP sequence-set SP store-att-flags ; store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
    private mutating func storeFlags(_ tag: String, _ args: [IMAPToken], byUID: Bool) -> Bool {
        guard let view = selection, let targets = resolve(args.first, byUID: byUID), args.count >= 3,
              let item = args[1].text?.uppercased() else {
            tagged(tag, "BAD", "STORE needs a sequence set, FLAGS and flags")
            return false
        }
        guard !view.readOnly else {
            tagged(tag, "NO", "[READ-ONLY] mailbox is read-only")
            return false
        }
        var flagTokens = Array(args.dropFirst(2))
        if case .list(let list)? = flagTokens.first { flagTokens = list }
        let flags = Set(flagTokens.compactMap(\.text).map(Self.canonicalFlag).filter { $0 != "\\Recent" })
        let silent = item.hasSuffix(".SILENT")
        let operation = item.hasSuffix(".SILENT") ? String(item.dropLast(7)) : item
        guard ["FLAGS", "+FLAGS", "-FLAGS"].contains(operation) else {
            tagged(tag, "BAD", "unknown STORE item \(item)")
            return false
        }
        let changed = store.updateFlags(view.user, view.mailbox, uids: Set(targets.map(\.1))) { current in
            switch operation {
            case "+FLAGS": current.formUnion(flags)
            case "-FLAGS": current.subtract(flags)
            default: current = flags
            }
        }
        guard !silent else { return true }
        for message in changed {
            guard let sequence = view.sequenceNumber(of: message.uid) else { continue }
            let flagText = String(decoding: IMAPFetchRequest.flags.render(message), as: UTF8.self)
            emit("* \(sequence) FETCH (\(flagText)\(byUID ? " UID \(message.uid)" : ""))")
        }
        return true
    }

    // expunge = "EXPUNGE" ; uid-expunge = "UID" SP "EXPUNGE" SP sequence-set
    private mutating func expunge(_ tag: String, _ args: [IMAPToken], byUID: Bool) -> Bool {
        guard let view = selection else { return false }
        guard !view.readOnly else {
            tagged(tag, "NO", "[READ-ONLY] mailbox is read-only")
            return false
        }
        var limit: Set<UInt32>?
        if byUID {
            guard let targets = resolve(args.first, byUID: true) else {
                tagged(tag, "BAD", "UID EXPUNGE needs a UID set")
                return false
            }
            limit = Set(targets.map(\.1))
        }
        _ = store.expunge(view.user, view.mailbox, uids: limit)
        syncExpunged()
        return true
    }
}
