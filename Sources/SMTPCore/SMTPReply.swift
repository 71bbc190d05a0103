/// A complete, possibly multi-line, reply from an SMTP server.
///
///     S: 250-mail.example.test Hello
///     S: 250-PIPELINING
///     S: 250 8BITMIME
///
/// becomes `SMTPReply(code: 250, lines: ["mail.example.test Hello", "PIPELINING", "8BITMIME"])`, and
///
///     S: 550 5.1.1 <nobody@example.test>: Recipient address rejected
///
/// becomes `SMTPReply(code: 550, enhancedStatus: 5.1.1, lines: ["<nobody@example.test>: Recipient address rejected"])`.
///
/// RFC 5321 §4.2; enhanced status codes RFC 2034 and RFC 3463.
public struct SMTPReply: Hashable, Sendable {
    /// The three-digit reply code, 200-599.
    public var code: Int
    /// The enhanced status code of the first line, when the server sent one.
    public var enhancedStatus: SMTPEnhancedStatus?
    /// The text of each line, after the code, the separator and (when present) the enhanced status.
    public var lines: [String]

    public init(code: Int, enhancedStatus: SMTPEnhancedStatus? = nil, lines: [String]) {
        self.code = code
        self.enhancedStatus = enhancedStatus
        self.lines = lines
    }

    /// The lines joined by `"\n"`.
    public var text: String { lines.joined(separator: "\n") }

    /// The category of the reply, from the first digit of ``code`` (RFC 5321 §4.2.1).
    public var kind: Kind { Kind(code: code) }
}

extension SMTPReply {
    /// The first digit of a reply code.
    public enum Kind: Hashable, Sendable {
        /// 2yz: the requested action has been completed.
        case positiveCompletion
        /// 3yz: accepted, the server awaits more information (DATA, AUTH continuation).
        case positiveIntermediate
        /// 4yz: not accepted, the client may retry later.
        case transientNegative
        /// 5yz: not accepted, retrying the same request will fail again.
        case permanentNegative

        /// Codes outside 200-499 count as permanent failures.
        public init(code: Int) {
            switch code {
            case 200..<300: self = .positiveCompletion
            case 300..<400: self = .positiveIntermediate
            case 400..<500: self = .transientNegative
            default: self = .permanentNegative
            }
        }
    }

    public var isPositiveCompletion: Bool { kind == .positiveCompletion }
    public var isPositiveIntermediate: Bool { kind == .positiveIntermediate }
    public var isTransientNegative: Bool { kind == .transientNegative }
    public var isPermanentNegative: Bool { kind == .permanentNegative }
}

// MARK: - Encoding

extension SMTPReply: CustomStringConvertible {
    /// `550 5.1.1 <nobody@example.test>: Recipient address rejected`; lines of a
    /// multi-line reply are joined with `" / "`.
    public var description: String {
        var result = String(code)
        if let enhancedStatus {
            result += " \(enhancedStatus)"
        }
        let joined = lines.joined(separator: " / ")
        if !joined.isEmpty {
            result += " " + joined
        }
        return result
    }

    /// The reply as the server would have sent it (CRLF line ends, enhanced
    /// status repeated on every line as RFC 2034 requires).
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        let lines = self.lines.isEmpty ? [""] : self.lines
        for (index, line) in lines.enumerated() {
            result += Array(String(code).utf8)
            result.append(index == lines.count - 1 ? UInt8(ascii: " ") : UInt8(ascii: "-"))
            if let enhancedStatus {
                result += Array("\(enhancedStatus)".utf8)
                if !line.isEmpty { result.append(UInt8(ascii: " ")) }
            }
            result += Array(line.utf8)
            result += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
        return result
    }
}
