extension SMTPReply {
    /// The server's identifier for an accepted message, found best-effort in
    /// the reply to the end of DATA (or BDAT LAST); `nil` when none is recognised.
    ///
    ///     C: .
    ///     S: 250 2.0.0 Ok: queued as 4XyZ12abc          -> "4XyZ12abc"      (Postfix, smtp-sink)
    ///     S: 250 OK id=1abcDE-000123-AB                 -> "1abcDE-000123-AB" (Exim)
    ///     S: 250 2.0.0 x9ABCD123456 Message accepted for delivery -> "x9ABCD123456" (Sendmail)
    ///     S: 250 2.6.0 <id@host> [InternalId=123, Hostname=...] Queued mail for delivery -> "123" (Microsoft 365)
    ///     S: 250 2.0.0 OK  1700000000 a1b2c3si123456.1 - gsmtp -> "a1b2c3si123456.1" (Gmail)
    ///     S: 250 Ok 0100018b2c3d4e5f-...-000000          -> "0100018b2c3d4e5f-...-000000" (Amazon SES)
    ///
    /// RFC 5321 §4.2 leaves the text free-form; these are conventions of common servers.
    public var queueID: String? {
        guard code == 250 else { return nil }
        for line in lines {
            if let id = Self.queueID(inLine: line) {
                return id
            }
        }
        return nil
    }

    private static func queueID(inLine line: String) -> String? {
        let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let lowercased = tokens.map { $0.lowercased() }

        // Postfix, smtp-sink: "Ok: queued as 4XyZ12abc"
        for index in lowercased.indices.dropLast(2)
        where lowercased[index] == "queued" && lowercased[index + 1] == "as" {
            return cleaned(tokens[index + 2])
        }
        // Exim: "OK id=1abcDE-000123-AB"
        if let token = tokens.first(where: { $0.lowercased().hasPrefix("id=") }) {
            return cleaned(String(token.dropFirst(3)))
        }
        // Microsoft 365: "[InternalId=18734967183, Hostname=...]"
        if let token = tokens.first(where: { $0.hasPrefix("[InternalId=") }) {
            return cleaned(String(token.dropFirst("[InternalId=".count)))
        }
        // Gmail: "OK  1700000000 a1b2c3si123456.1 - gsmtp"
        if tokens.count >= 4, lowercased[tokens.count - 1] == "gsmtp", tokens[tokens.count - 2] == "-" {
            return cleaned(tokens[tokens.count - 3])
        }
        // Sendmail: "x9ABCD123456 Message accepted for delivery"
        for index in lowercased.indices.dropFirst().dropLast(3)
        where lowercased[index...].starts(with: ["message", "accepted", "for", "delivery"]) {
            return cleaned(tokens[index - 1])
        }
        // Amazon SES: "Ok 0100018b...-000000"
        if tokens.count == 2, lowercased[0] == "ok", tokens[1].count >= 8 {
            return cleaned(tokens[1])
        }
        return nil
    }

    /// Strips punctuation servers put around an id; `nil` if nothing is left.
    private static func cleaned(_ token: String) -> String? {
        let punctuation: Set<Character> = ["<", ">", "(", ")", "[", "]", ",", ";", ":", "\"", "'"]
        var token = Substring(token)
        while let first = token.first, punctuation.contains(first) { token = token.dropFirst() }
        while let last = token.last, punctuation.contains(last) || last == "." { token = token.dropLast() }
        return token.isEmpty ? nil : String(token)
    }
}
