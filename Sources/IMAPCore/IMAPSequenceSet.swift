/// A set of message sequence numbers or UIDs: ranges, single numbers and `*`.
///
///     C: A003 UID FETCH 1:4,7,12:* (FLAGS)
///     S: A004 OK [APPENDUID 38505 3955] APPEND completed
///
/// RFC 9051 §9 (`sequence-set`).
public struct IMAPSequenceSet: Hashable, Sendable, CustomStringConvertible {
    /// One end of a range: a number, or `*` (the largest number in use).
    public enum Bound: Hashable, Sendable, CustomStringConvertible {
        case number(UInt32)
        case last

        public var description: String {
            switch self {
            case .number(let value): String(value)
            case .last: "*"
            }
        }
    }

    /// `first:last` as sent; a single number has `first == last`. The order of the bounds is kept.
    public struct Range: Hashable, Sendable, CustomStringConvertible {
        public var first: Bound
        public var last: Bound

        public init(_ first: Bound, _ last: Bound) {
            self.first = first
            self.last = last
        }

        public init(_ value: UInt32) {
            self.init(.number(value), .number(value))
        }

        public var description: String { first == last ? "\(first)" : "\(first):\(last)" }
    }

    public var ranges: [Range]

    public init(_ ranges: [Range]) {
        self.ranges = ranges
    }

    /// A set of single numbers, coalescing consecutive runs into ranges.
    public init(_ numbers: some Sequence<UInt32>) {
        var ranges: [Range] = []
        for number in numbers.sorted() {
            if case .number(let last)? = ranges.last?.last, last != UInt32.max, number <= last + 1 {
                if number == last + 1 { ranges[ranges.count - 1].last = .number(number) }
            } else {
                ranges.append(Range(number))
            }
        }
        self.ranges = ranges
    }

    /// `first:*`.
    public static func from(_ first: UInt32) -> IMAPSequenceSet {
        IMAPSequenceSet([Range(.number(first), .last)])
    }

    /// `1:*`.
    public static let all = IMAPSequenceSet.from(1)

    /// Parses `1:4,7,12:*`; `nil` if it is not a valid set.
    public init?(_ string: String) {
        var cursor = IMAPParserCursor(frame: ArraySlice(Array(string.utf8)), maxDepth: 1)
        guard let set = try? Self.parse(&cursor), cursor.isAtEnd else { return nil }
        self = set
    }

    /// The numbers in the set, when it has no `*`; `nil` otherwise or when it holds more than `limit` numbers.
    public func numbers(limit: Int = 100_000) -> [UInt32]? {
        var result: [UInt32] = []
        for range in ranges {
            guard case .number(let a) = range.first, case .number(let b) = range.last else { return nil }
            let (low, high) = (min(a, b), max(a, b))
            guard result.count + Int(high - low) < limit else { return nil }
            result.append(contentsOf: low...high)
        }
        return result
    }

    // sequence-set = (seq-number / seq-range) ["," sequence-set]
    // seq-range    = seq-number ":" seq-number
    // seq-number   = nz-number / "*"
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPSequenceSet {
        func bound(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> Bound {
            if cursor.skip(UInt8(ascii: "*")) { return .last }
            return .number(try cursor.nonZeroNumber())
        }
        var ranges: [Range] = []
        repeat {
            let first = try bound(&cursor)
            let last = cursor.skip(UInt8(ascii: ":")) ? try bound(&cursor) : first
            ranges.append(Range(first, last))
        } while cursor.skip(UInt8(ascii: ","))
        return IMAPSequenceSet(ranges)
    }

    // MARK: - Encoding

    /// `1:4,7,12:*`.
    public var description: String { ranges.map(\.description).joined(separator: ",") }
}
