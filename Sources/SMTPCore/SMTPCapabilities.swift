/// The service extensions a server announced in its reply to EHLO.
///
///     C: EHLO client.example.test
///     S: 250-mail.example.test Hello client.example.test
///     S: 250-PIPELINING
///     S: 250-SIZE 10240000
///     S: 250-AUTH PLAIN LOGIN
///     S: 250 8BITMIME
///
/// The first line is the server's domain and greeting; each later line is an
/// extension keyword and its parameters (RFC 5321 §4.1.1.1). Keywords are
/// case-insensitive and stored uppercased.
public struct SMTPCapabilities: Hashable, Sendable {
    /// The domain on the first line of the EHLO reply.
    public var serverName: String
    /// Every keyword (uppercased) mapped to its parameters. The legacy
    /// `AUTH=LOGIN PLAIN` form is merged into `AUTH`.
    public var extensions: [String: [String]]

    public init(serverName: String, extensions: [String: [String]]) {
        self.serverName = serverName
        self.extensions = extensions
    }

    /// Reads the capabilities from a reply to EHLO.
    public init(ehloReply reply: SMTPReply) {
        self.serverName = reply.lines.first.flatMap { $0.split(separator: " ", maxSplits: 1).first.map(String.init) } ?? ""
        var extensions: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard var keyword = words.first?.uppercased() else { continue }
            var parameters = Array(words.dropFirst())
            // Pre-RFC 2554 servers (and Sendmail, for them) announce "AUTH=LOGIN PLAIN".
            if keyword.hasPrefix("AUTH=") {
                let first = String(words[0].dropFirst("AUTH=".count))
                parameters = (first.isEmpty ? [] : [first]) + parameters
                keyword = "AUTH"
            }
            if keyword == "AUTH" {
                var merged = extensions[keyword] ?? []
                for mechanism in parameters.map({ $0.uppercased() }) where !merged.contains(mechanism) {
                    merged.append(mechanism)
                }
                extensions[keyword] = merged
            } else if let existing = extensions[keyword] {
                extensions[keyword] = existing + parameters.filter { !existing.contains($0) }
            } else {
                extensions[keyword] = parameters
            }
        }
        self.extensions = extensions
    }

    /// Whether the server announced `keyword` (case-insensitive).
    public func supports(_ keyword: String) -> Bool {
        extensions[keyword.uppercased()] != nil
    }

    /// The parameters of `keyword` (case-insensitive), `nil` when it was not announced.
    public func parameters(of keyword: String) -> [String]? {
        extensions[keyword.uppercased()]
    }
}

extension SMTPCapabilities {
    /// PIPELINING (RFC 2920).
    public var pipelining: Bool { supports("PIPELINING") }

    /// SIZE (RFC 1870): the fixed message size limit in bytes; `0` when SIZE is
    /// announced with no number or 0 (no fixed limit), `nil` when not announced.
    public var size: Int? {
        guard let parameters = extensions["SIZE"] else { return nil }
        return parameters.first.flatMap { Int($0) } ?? 0
    }

    /// 8BITMIME (RFC 6152).
    public var eightBitMIME: Bool { supports("8BITMIME") }
    /// SMTPUTF8 (RFC 6531).
    public var smtpUTF8: Bool { supports("SMTPUTF8") }
    /// STARTTLS (RFC 3207).
    public var startTLS: Bool { supports("STARTTLS") }
    /// AUTH mechanisms (RFC 4954), uppercased and de-duplicated, in announced order.
    public var authMechanisms: [String] { extensions["AUTH"] ?? [] }
    /// CHUNKING: the BDAT command (RFC 3030).
    public var chunking: Bool { supports("CHUNKING") }
    /// BINARYMIME (RFC 3030).
    public var binaryMIME: Bool { supports("BINARYMIME") }
    /// DSN: delivery status notifications (RFC 3461).
    public var dsn: Bool { supports("DSN") }
    /// ENHANCEDSTATUSCODES (RFC 2034).
    public var enhancedStatusCodes: Bool { supports("ENHANCEDSTATUSCODES") }
}

extension SMTPCapabilities: CustomStringConvertible {
    /// `mail.example.test: 8BITMIME AUTH(LOGIN PLAIN) PIPELINING SIZE(10240000)`, keywords sorted.
    public var description: String {
        let keywords = extensions.keys.sorted().map { keyword in
            let parameters = extensions[keyword] ?? []
            return parameters.isEmpty ? keyword : "\(keyword)(\(parameters.joined(separator: " ")))"
        }
        return "\(serverName): \(keywords.joined(separator: " "))"
    }
}
