extension ReceivedHeader {
    /// The clause keywords of RFC 5321 §4.4.
    static let keywords: Set<String> = ["from", "by", "via", "with", "id", "for"]

    // Stamp          = From-domain By-domain Opt-info [CFWS] ";" FWS date-time   (RFC 5321 §4.4)
    // From-domain    = "FROM" FWS Extended-Domain
    // By-domain      = CFWS "BY" FWS Extended-Domain
    // Extended-Domain = Domain / ( Domain FWS "(" TCP-info ")" ) / ( address-literal FWS "(" TCP-info ")" )
    // Opt-info       = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
    // Via = CFWS "VIA" FWS Link      With = CFWS "WITH" FWS Protocol
    // ID  = CFWS "ID" FWS ( Atom / msg-id )
    // For = CFWS "FOR" FWS ( Path / Mailbox )
    /// Parses an unfolded field value (what follows `Received:`); clauses in any order,
    /// any missing, unknown words kept with the clause before them.
    public init(parsing bytes: some Collection<UInt8>, options: ReceivedParserOptions = .init()) {
        let limit = max(0, options.maxFieldBytes)
        var input = Array(bytes.prefix(limit + 1))
        var warnings: [ReceivedParseWarning] = []
        if input.count > limit {
            input.removeLast()
            warnings.append(ReceivedParseWarning(.fieldTruncated, "after \(limit) bytes"))
        }
        let trimmed = ReceivedBytes.trimmed(input[...])
        self.init(raw: String(decoding: trimmed, as: UTF8.self))
        guard !trimmed.isEmpty else {
            self.warnings = warnings + [ReceivedParseWarning(.empty)]
            return
        }

        let split = Self.dateSeparator(in: trimmed)
        let clauseBytes = split.index.map { trimmed[trimmed.startIndex..<$0] } ?? trimmed
        var lexer = ReceivedLexer(clauseBytes, maxTokens: options.maxTokens)
        let tokens = lexer.tokens()
        warnings += lexer.warnings
        if !split.balanced && !lexer.warnings.contains(where: { $0.kind == .unbalancedComment }) {
            warnings.append(ReceivedParseWarning(.unbalancedComment, raw))
        }
        readClauses(tokens, warnings: &warnings)

        if let separator = split.index {
            let dateBytes = ReceivedBytes.trimmed(trimmed[(separator + 1)...])
            if dateBytes.isEmpty {
                warnings.append(ReceivedParseWarning(.missingDate, "nothing after ;"))
            } else {
                dateText = ReceivedBytes.collapsingWhiteSpace(dateBytes)
                date = ReceivedDate(bytes: Array(dateBytes))
                if date == nil { warnings.append(ReceivedParseWarning(.unreadableDate, dateText ?? "")) }
            }
        } else {
            warnings.append(ReceivedParseWarning(.missingDate, "no ;"))
        }
        self.warnings = warnings
    }

    /// The last `;` outside comments and quoted strings, and whether the parentheses balance.
    /// With unbalanced parentheses, the last `;` anywhere.
    static func dateSeparator(in bytes: ArraySlice<UInt8>) -> (index: Int?, balanced: Bool) {
        var depth = 0, quoted = false, escaped = false, balanced = true
        var lastTopLevel: Int?, lastAny: Int?
        for index in bytes.indices {
            let byte = bytes[index]
            if escaped {
                escaped = false
                continue
            }
            switch byte {
            case UInt8(ascii: "\\") where quoted || depth > 0: escaped = true
            case UInt8(ascii: "\"") where depth == 0: quoted.toggle()
            case UInt8(ascii: "(") where !quoted: depth += 1
            case UInt8(ascii: ")") where !quoted:
                if depth == 0 { balanced = false } else { depth -= 1 }
            case UInt8(ascii: ";"):
                lastAny = index
                if depth == 0 && !quoted { lastTopLevel = index }
            default: break
            }
        }
        if depth != 0 || quoted { balanced = false }
        return (balanced ? lastTopLevel : (lastTopLevel ?? lastAny), balanced)
    }

    /// Groups tokens into clauses and fills the named fields from them.
    private mutating func readClauses(_ tokens: [ReceivedLexer.Token], warnings: inout [ReceivedParseWarning]) {
        var clauses: [Clause] = []
        var leading: [String] = []
        var unexpected: [String] = []
        for token in tokens {
            switch token {
            case .comment(let text):
                if clauses.isEmpty { leading.append(text) } else { clauses[clauses.count - 1].comments.append(text) }
            case .word(let word):
                let lower = word.lowercased()
                let currentHasValue = clauses.last.map { !$0.words.isEmpty } ?? true
                if Self.keywords.contains(lower) && currentHasValue {
                    clauses.append(Clause(name: lower))
                } else if lower == "tls", word == "tls", let last = clauses.last, last.name == "with", currentHasValue {
                    // Exim: "with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384".
                    clauses.append(Clause(name: lower))
                } else if clauses.isEmpty {
                    unexpected.append(word)
                } else {
                    clauses[clauses.count - 1].words.append(word)
                }
            }
        }
        if !unexpected.isEmpty { warnings.append(ReceivedParseWarning(.unexpectedText, unexpected.joined(separator: " "))) }
        self.clauses = clauses
        self.leadingComments = leading

        var seen: Set<String> = []
        for clause in clauses {
            guard seen.insert(clause.name).inserted else {
                warnings.append(ReceivedParseWarning(.duplicateClause, ([clause.name] + clause.words).joined(separator: " ")))
                continue
            }
            guard let value = clause.value else {
                warnings.append(ReceivedParseWarning(.emptyClause, clause.name))
                continue
            }
            switch clause.name {
            case "from": from = value
            case "by": by = value
            case "via": via = value
            case "with": with = value
            case "id": id = value
            case "for": self.for = Self.unbracketed(clause.words[0])
            default: break
            }
        }
        if let fromClause = clause("from") {
            let info = ReceivedTCPInfo(from: fromClause.value, comments: fromClause.comments)
            fromHost = info.host
            fromIP = info.ip
            helo = info.helo
        }
        let allComments = leading + clauses.flatMap(\.comments)
        if let envelope = allComments.first(where: { $0.lowercased().hasPrefix("envelope-from") }) {
            let rest = envelope.dropFirst("envelope-from".count).drop { $0 == " " || $0 == "=" }
            let address = rest.prefix { $0 != " " }
            envelopeFrom = Self.unbracketed(address)
        }
    }

    /// `<bob@example.com>` → `bob@example.com`.
    static func unbracketed(_ text: some StringProtocol) -> String {
        var text = Substring(text)
        if text.hasPrefix("<") { text = text.dropFirst() }
        if text.hasSuffix(">") { text = text.dropLast() }
        return String(text)
    }
}
