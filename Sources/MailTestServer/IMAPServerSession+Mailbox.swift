import IMAPCore

extension IMAPServerSession {
    /// Commands of the authenticated and selected states (RFC 9051 §6.3, §6.4).
    mutating func executeAuthenticated(_ command: IMAPServerCommand, user: String) async throws(SessionEnd) {
        let tag = command.tag
        let args = command.arguments
        switch command.name {
        case "SELECT", "EXAMINE":
            guard let name = args.first?.text else { return tagged(tag, "BAD", "mailbox name missing") }
            select(tag, name, readOnly: command.name == "EXAMINE", user: user)
            return
        case "CREATE":
            guard let name = args.first?.text else { return tagged(tag, "BAD", "mailbox name missing") }
            if store.create(user, name) {
                tagged(tag, "OK", "CREATE completed")
            } else {
                tagged(tag, "NO", "[ALREADYEXISTS] mailbox exists")
            }
        case "DELETE":
            guard let name = args.first?.text else { return tagged(tag, "BAD", "mailbox name missing") }
            if store.delete(user, name) {
                tagged(tag, "OK", "DELETE completed")
            } else {
                tagged(tag, "NO", MailStore.key(name) == "INBOX" ? "INBOX cannot be deleted" : "[NONEXISTENT] no such mailbox")
            }
        case "RENAME":
            guard args.count == 2, let name = args[0].text, let newName = args[1].text else {
                return tagged(tag, "BAD", "RENAME needs two mailbox names")
            }
            if store.rename(user, name, to: newName) {
                tagged(tag, "OK", "RENAME completed")
            } else if store.mailbox(user, name) == nil {
                tagged(tag, "NO", "[NONEXISTENT] no such mailbox")
            } else {
                tagged(tag, "NO", "[ALREADYEXISTS] \(newName) exists")
            }
        case "LIST", "LSUB":
            let pattern = args.count > 1 ? args[1].text ?? "*" : "*"
            for name in store.mailboxNames(user) where Self.matches(name, pattern) {
                emit("* \(command.name) (\\HasNoChildren) \"/\" \(Self.quoted(name))")
            }
            if pattern.isEmpty { emit("* \(command.name) (\\Noselect) \"/\" \"\"") }
            tagged(tag, "OK", "\(command.name) completed")
        case "STATUS":
            guard let name = args.first?.text, let box = store.mailbox(user, name) else {
                return tagged(tag, "NO", "[NONEXISTENT] no such mailbox")
            }
            var items: [String] = []
            if case .list(let wanted)? = args.dropFirst().first {
                for item in wanted.compactMap({ $0.text?.uppercased() }) {
                    switch item {
                    case "MESSAGES": items.append("MESSAGES \(box.messages.count)")
                    case "UIDNEXT": items.append("UIDNEXT \(box.uidNext)")
                    case "UIDVALIDITY": items.append("UIDVALIDITY \(box.uidValidity)")
                    case "UNSEEN": items.append("UNSEEN \(box.messages.filter { !$0.flags.contains("\\Seen") }.count)")
                    case "RECENT": items.append("RECENT \(box.messages.filter(\.recent).count)")
                    default: break
                    }
                }
            }
            emit("* STATUS \(Self.quoted(box.name)) (\(items.joined(separator: " ")))")
            tagged(tag, "OK", "STATUS completed")
        case "APPEND":
            append(tag, args, user: user)
        case "CLOSE", "UNSELECT":
            guard let selected = selection else { return tagged(tag, "BAD", "no mailbox selected") }
            if command.name == "CLOSE" && !selected.readOnly {
                _ = store.expunge(user, selected.mailbox, uids: nil)
            }
            selection = nil
            return tagged(tag, "OK", "\(command.name) completed")
        case "SEARCH", "UID SEARCH", "FETCH", "UID FETCH", "STORE", "UID STORE", "EXPUNGE", "UID EXPUNGE",
             "COPY", "UID COPY", "MOVE", "UID MOVE":
            guard selection != nil else { return tagged(tag, "BAD", "no mailbox selected") }
            try await executeSelected(command)
            return
        default:
            return tagged(tag, "BAD", "unknown command \(command.name)")
        }
        syncNew()
    }

    // select = "SELECT" SP mailbox ; RFC 9051 §6.3.2
    private mutating func select(_ tag: String, _ name: String, readOnly: Bool, user: String) {
        selection = nil
        guard let (box, recent) = store.select(user, name, readOnly: readOnly) else {
            return tagged(tag, "NO", "[NONEXISTENT] Mailbox doesn't exist: \(name)")
        }
        let view = IMAPSelection(user: user, mailbox: box.name, readOnly: readOnly, uidValidity: box.uidValidity,
                                 uids: box.messages.map(\.uid))
        emit("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)")
        emit("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.")
        emit("* \(view.uids.count) EXISTS")
        emit("* \(recent) RECENT")
        if let unseen = box.messages.firstIndex(where: { !$0.flags.contains("\\Seen") }) {
            emit("* OK [UNSEEN \(unseen + 1)] First unseen.")
        }
        emit("* OK [UIDVALIDITY \(box.uidValidity)] UIDs valid")
        emit("* OK [UIDNEXT \(box.uidNext)] Predicted next UID")
        selection = view
        tagged(tag, "OK", readOnly ? "[READ-ONLY] EXAMINE completed" : "[READ-WRITE] SELECT completed")
    }

    // append = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal
    private mutating func append(_ tag: String, _ args: [IMAPToken], user: String) {
        guard let name = args.first?.text, case .string(let message)? = args.last, args.count >= 2 else {
            return tagged(tag, "BAD", "APPEND needs a mailbox and a message literal")
        }
        var flags: Set<String> = []
        if case .list(let list)? = args.dropFirst().first {
            flags = Set(list.compactMap(\.text).map(Self.canonicalFlag))
        }
        guard let delivery = store.deliver(message, to: user, mailbox: name, queueID: nil, flags: flags) else {
            return tagged(tag, "NO", "[TRYCREATE] no such mailbox")
        }
        let validity = store.mailbox(user, name)?.uidValidity ?? 0
        tagged(tag, "OK", "[APPENDUID \(validity) \(delivery.uid)] APPEND completed")
    }

    /// LIST wildcards: `*` matches anything, `%` anything but the delimiter.
    static func matches(_ name: String, _ pattern: String) -> Bool {
        if pattern == "*" || pattern == "%" { return true }
        func match(_ n: Substring, _ p: Substring) -> Bool {
            guard let first = p.first else { return n.isEmpty }
            if first == "*" || first == "%" {
                var rest = n[...]
                while true {
                    if match(rest, p.dropFirst()) { return true }
                    guard let c = rest.first, first == "*" || c != "/" else { return false }
                    rest = rest.dropFirst()
                }
            }
            guard let c = n.first, c == first || (MailStore.key(String(n)) == "INBOX" && String(p).uppercased() == "INBOX") else {
                return false
            }
            return match(n.dropFirst(), p.dropFirst())
        }
        return match(name[...], pattern[...])
    }

    /// A quoted string (RFC 9051 §9 `quoted`).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    /// System flags in their canonical capitalisation (`\seen` → `\Seen`); keywords as given.
    static func canonicalFlag(_ flag: String) -> String {
        let system = ["\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft", "\\Recent"]
        return system.first { $0.lowercased() == flag.lowercased() } ?? flag
    }
}
