import IMAPCore
import MailCore

/// A parsed SEARCH program and its evaluation against one message (RFC 9051 §6.4.4).
///
///     C: A7 UID SEARCH HEADER Message-ID "<probe-1@example.test>"
///     S: * SEARCH 12
indirect enum IMAPSearchProgram {
    case all
    case set(IMAPSequenceSet, byUID: Bool)
    /// Case-insensitive substring of a header field's (unfolded) value; an empty value matches presence.
    case header(String, String)
    case body(String), text(String)
    case flag(String, present: Bool)
    case recent(Bool)
    case larger(Int), smaller(Int)
    /// Internal date compared by day: `before`, `on` or `since` (days since 1970).
    case date(Int64, comparison: Int)
    case not(IMAPSearchProgram)
    case or(IMAPSearchProgram, IMAPSearchProgram)
    case and([IMAPSearchProgram])

    /// Parses every key of `tokens` (an implicit AND), skipping a leading `CHARSET x`.
    static func parse(_ tokens: [IMAPToken]) throws(IMAPSyntaxError) -> IMAPSearchProgram {
        var index = 0
        if case .atom(let first)? = tokens.first, first.uppercased() == "CHARSET" { index = 2 }
        var keys: [IMAPSearchProgram] = []
        while index < tokens.count { keys.append(try key(tokens, &index)) }
        guard !keys.isEmpty else { throw IMAPSyntaxError(message: "empty search program") }
        return keys.count == 1 ? keys[0] : .and(keys)
    }

    // search-key = "ALL" / "ANSWERED" / … / "HEADER" SP header-fld-name SP astring / "NOT" SP search-key /
    //              "OR" SP search-key SP search-key / "UID" SP sequence-set / sequence-set / "(" search-key *(SP search-key) ")"
    private static func key(_ tokens: [IMAPToken], _ index: inout Int) throws(IMAPSyntaxError) -> IMAPSearchProgram {
        guard index < tokens.count else { throw IMAPSyntaxError(message: "search key missing") }
        let token = tokens[index]
        index += 1
        func argument() throws(IMAPSyntaxError) -> String {
            guard index < tokens.count, let text = tokens[index].text else {
                throw IMAPSyntaxError(message: "search key argument missing")
            }
            index += 1
            return text
        }
        if case .list(let inner) = token {
            var nested = 0
            var keys: [IMAPSearchProgram] = []
            while nested < inner.count { keys.append(try key(inner, &nested)) }
            return .and(keys)
        }
        guard case .atom(let atom) = token else { throw IMAPSyntaxError(message: "unexpected string in search") }
        let name = atom.uppercased()
        let flags = ["ANSWERED": "\\Answered", "DELETED": "\\Deleted", "DRAFT": "\\Draft", "FLAGGED": "\\Flagged",
                     "SEEN": "\\Seen"]
        if let flag = flags[name] { return .flag(flag, present: true) }
        if name.hasPrefix("UN"), let flag = flags[String(name.dropFirst(2))] { return .flag(flag, present: false) }
        switch name {
        case "ALL": return .all
        case "NEW": return .and([.recent(true), .flag("\\Seen", present: false)])
        case "OLD": return .recent(false)
        case "RECENT": return .recent(true)
        case "KEYWORD": return .flag(try argument(), present: true)
        case "UNKEYWORD": return .flag(try argument(), present: false)
        case "HEADER":
            let field = try argument()
            return .header(field, try argument())
        case "SUBJECT", "FROM", "TO", "CC", "BCC": return .header(name, try argument())
        case "BODY": return .body(try argument())
        case "TEXT": return .text(try argument())
        case "LARGER", "SMALLER":
            guard let size = Int(try argument()) else { throw IMAPSyntaxError(message: "\(name) needs a number") }
            return name == "LARGER" ? .larger(size) : .smaller(size)
        case "BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE":
            guard let day = dayNumber(try argument()) else { throw IMAPSyntaxError(message: "invalid date") }
            let comparison = name.hasSuffix("BEFORE") ? -1 : name.hasSuffix("ON") ? 0 : 1
            return .date(day, comparison: comparison)
        case "NOT": return .not(try key(tokens, &index))
        case "OR":
            let first = try key(tokens, &index)
            return .or(first, try key(tokens, &index))
        case "UID":
            guard let set = IMAPSequenceSet(try argument()) else { throw IMAPSyntaxError(message: "invalid UID set") }
            return .set(set, byUID: true)
        default:
            guard let set = IMAPSequenceSet(atom) else { throw IMAPSyntaxError(message: "unsupported search key \(atom)") }
            return .set(set, byUID: false)
        }
    }

    /// Whether `message` (sequence number `sequence`, in a view whose largest UID and count are given) matches.
    func matches(_ message: TestMailMessage, sequence: Int, largestUID: UInt32, count: Int) -> Bool {
        switch self {
        case .all: return true
        case .set(let set, let byUID):
            let key = byUID ? message.uid : UInt32(sequence)
            let largest = byUID ? largestUID : UInt32(count)
            return set.ranges.contains { range in
                func value(_ bound: IMAPSequenceSet.Bound) -> UInt32 {
                    if case .number(let number) = bound { return number }
                    return largest
                }
                let (a, b) = (value(range.first), value(range.last))
                return (min(a, b)...max(a, b)).contains(key)
            }
        case .header(let field, let value):
            let header = IMAPFetchRequest.split(message.bytes).header
            let lines = IMAPFetchRequest.headerFields(header, names: [field.uppercased()], exclude: false)
            guard lines.count > 2 else { return false }
            return String(decoding: lines, as: UTF8.self).lowercased().contains(value.lowercased())
        case .body(let value):
            return String(decoding: IMAPFetchRequest.split(message.bytes).text, as: UTF8.self).lowercased()
                .contains(value.lowercased())
        case .text(let value):
            return String(decoding: message.bytes, as: UTF8.self).lowercased().contains(value.lowercased())
        case .flag(let flag, let present):
            return message.flags.contains { $0.lowercased() == flag.lowercased() } == present
        case .recent(let recent): return message.recent == recent
        case .larger(let size): return message.bytes.count > size
        case .smaller(let size): return message.bytes.count < size
        case .date(let day, let comparison):
            let messageDay = Int64((message.internalDate / 86_400).rounded(.down))
            return comparison < 0 ? messageDay < day : comparison == 0 ? messageDay == day : messageDay >= day
        case .not(let inner): return !inner.matches(message, sequence: sequence, largestUID: largestUID, count: count)
        case .or(let a, let b):
            return a.matches(message, sequence: sequence, largestUID: largestUID, count: count)
                || b.matches(message, sequence: sequence, largestUID: largestUID, count: count)
        case .and(let keys):
            return keys.allSatisfy { $0.matches(message, sequence: sequence, largestUID: largestUID, count: count) }
        }
    }

    // date = date-text / DQUOTE date-text DQUOTE ; date-text = date-day "-" date-month "-" date-year
    /// Days since 1970-01-01 of `1-Feb-2024`.
    static func dayNumber(_ text: String) -> Int64? {
        let parts = text.split(separator: "-")
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        guard parts.count == 3, let day = Int(parts[0]), let monthIndex = months.firstIndex(of: parts[1].uppercased()),
              let year = Int(parts[2]) else { return nil }
        let month = monthIndex + 1
        guard (1...CivilCalendar.daysIn(month: month, year: year)).contains(day) else { return nil }
        return CivilCalendar.days(year: year, month: month, day: day)
    }
}

extension IMAPServerSession {
    // search = "SEARCH" [search-return-opts] 1*(SP search-key)
    mutating func search(_ tag: String, _ args: [IMAPToken], byUID: Bool) -> Bool {
        guard let view = selection else { return false }
        let program: IMAPSearchProgram
        do {
            program = try IMAPSearchProgram.parse(args)
        } catch {
            tagged(tag, "BAD", error.message)
            return false
        }
        let messages = Dictionary((store.mailbox(view.user, view.mailbox)?.messages ?? []).map { ($0.uid, $0) },
                                  uniquingKeysWith: { a, _ in a })
        var found: [String] = []
        for (index, uid) in view.uids.enumerated() {
            guard let message = messages[uid],
                  program.matches(message, sequence: index + 1, largestUID: view.uids.last ?? 0, count: view.uids.count)
            else { continue }
            found.append(byUID ? String(uid) : String(index + 1))
        }
        emit(found.isEmpty ? "* SEARCH" : "* SEARCH " + found.joined(separator: " "))
        return true
    }
}
