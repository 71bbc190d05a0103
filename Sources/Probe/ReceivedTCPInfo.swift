/// What the receiver wrote about the sending host after `from`.
///
///     from mail.example.org (mail.example.org [192.0.2.1])      Postfix, Sendmail
///     from client.example (unknown [IPv6:2001:db8::1])          Postfix, no reverse DNS
///     from [192.0.2.1] (helo=client)                            Exim
///     from host.example ([198.51.100.7]:54321 helo=smtp.example) Exim, name verified
///     from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])  Gmail
///     from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:12::34)  Exchange
///     from unknown (HELO client.example) (192.0.2.1)            qmail
///
/// RFC 5321 §4.4: `TCP-info = address-literal / ( Domain FWS address-literal )`.
struct ReceivedTCPInfo: Hashable {
    var host: String?
    var ip: String?
    var helo: String?

    init(from value: String?, comments: [String]) {
        var eximStyle = false
        for comment in comments {
            let words = Self.outerWords(comment)
            var position = 0
            while position < words.count {
                let word = words[position]
                let lower = word.lowercased()
                if word.hasPrefix("[") {
                    ip = ip ?? Self.literal(word)
                } else if lower.hasPrefix("helo=") {
                    eximStyle = true
                    helo = helo ?? String(word.dropFirst(5))
                } else if lower == "helo", position + 1 < words.count {
                    helo = helo ?? words[position + 1]
                    position += 1
                } else if Self.isIPAddress(word) {
                    ip = ip ?? word
                } else if position == 0, lower != "unknown", Self.isHostName(word),
                          word.contains(".") || (position + 1 < words.count && words[position + 1].hasPrefix("[")) {
                    host = host ?? (word.hasSuffix(".") ? String(word.dropLast()) : word)
                }
                position += 1
            }
        }
        if let value, value.hasPrefix("[") {
            ip = ip ?? Self.literal(value)
        } else if let value, Self.isIPAddress(value) {
            ip = ip ?? value
        } else if host == nil, eximStyle, let value, Self.isHostName(value), value.lowercased() != "unknown" {
            // Exim writes the verified name first and the HELO inside the comment.
            host = value
        }
    }

    /// The words of a comment outside any nested comment: `a [1.2.3.4] (may be forged)` → `a`, `[1.2.3.4]`.
    static func outerWords(_ comment: String) -> [String] {
        var words: [String] = []
        var current = ""
        var depth = 0
        for character in comment {
            switch character {
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case " ", ",":
                if depth == 0, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
            default:
                if depth == 0 { current.append(character) }
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `[192.0.2.1]:54321` → `192.0.2.1`; `[IPv6:2001:db8::1]` → `2001:db8::1`.
    static func literal(_ word: String) -> String? {
        var inner = word.dropFirst().prefix { $0 != "]" }
        if inner.lowercased().hasPrefix("ipv6:") { inner = inner.dropFirst(5) }
        return inner.isEmpty ? nil : String(inner)
    }

    static func isIPAddress(_ word: String) -> Bool {
        isIPv4(word) || isIPv6(word)
    }

    static func isIPv4(_ word: some StringProtocol) -> Bool {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            (1...3).contains(part.count) && part.allSatisfy(\.isASCIIDigit) && Int(part).map { $0 <= 255 } == true
        }
    }

    static func isIPv6(_ word: String) -> Bool {
        let colons = word.count { $0 == ":" }
        guard colons >= 2, colons <= 7, word.count <= 45 else { return false }
        // An embedded IPv4 tail (::ffff:192.0.2.1) is allowed.
        let groups = word.split(separator: ":", omittingEmptySubsequences: true)
        return groups.enumerated().allSatisfy { index, group in
            (group.count <= 4 && group.allSatisfy(\.isHexDigit)) || (index == groups.count - 1 && isIPv4(group))
        }
    }

    static func isHostName(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.count <= 255 && !word.hasPrefix(".") && !word.hasPrefix("-")
            && word.unicodeScalars.allSatisfy { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "." || scalar == "_"
            }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
