/// The tag that pairs a command with its completion.
///
///     C: A0001 CAPABILITY
///     S: A0001 OK CAPABILITY completed
///
/// Validated on creation: only ASTRING-CHAR other than `+`, so a tag can
/// never smuggle a line break into the command stream. RFC 9051 §2.2.1.
public struct IMAPTag: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    // tag = 1*<any ASTRING-CHAR except "+">
    public init(_ rawValue: String) throws(IMAPCommandEncodingError) {
        let bytes = Array(rawValue.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 && $0.isAStringChar && $0 != UInt8(ascii: "+") }) else {
            throw IMAPCommandEncodingError(kind: .invalidTag, argument: "tag")
        }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}

/// Hands out tags `A0001`, `A0002`, … (the prefix is configurable).
public struct IMAPTagGenerator: Sendable {
    public let prefix: String
    public private(set) var counter: Int

    /// - Precondition: `prefix` is a valid tag.
    public init(prefix: String = "A", counter: Int = 0) {
        precondition((try? IMAPTag(prefix)) != nil, "invalid tag prefix")
        self.prefix = prefix
        self.counter = counter
    }

    public mutating func next() -> IMAPTag {
        counter += 1
        let digits = String(counter)
        // The prefix is validated and digits are ASTRING-CHARs.
        return try! IMAPTag(prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits)
    }
}
