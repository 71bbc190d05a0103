extension ReceivedDate {
    /// The longest date text read; anything longer is not a date.
    static let maxTextBytes = 256

    /// Parses a date-time, tolerating the obsolete and real-world forms; `nil` if it is not one.
    ///
    ///     Mon, 25 Nov 2024 10:00:00 +0100 (CET)
    ///     25 Nov 24 10:00 EST
    ///     Mon Nov 25 10:00:00 2024
    public init?(_ text: String) {
        self.init(bytes: Array(text.utf8.prefix(Self.maxTextBytes + 1)))
    }

    // date-time   = [ day-of-week "," ] date time [CFWS]            (RFC 5322 §3.3)
    // date        = day month year
    // time        = time-of-day zone
    // time-of-day = hour ":" minute [ ":" second ]
    // zone        = (FWS ( "+" / "-" ) 4DIGIT) / obs-zone
    // obs-zone    = "UT" / "GMT" / "EST" / "EDT" / "CST" / "CDT" / "MST" / "MDT" / "PST" / "PDT"
    //             / %d65-73 / %d75-90 / %d97-105 / %d107-122       (military, §4.3)
    // asctime     = day-of-week month day time-of-day [zone] year  (tolerated)
    init?(bytes: [UInt8]) {
        guard bytes.count <= Self.maxTextBytes else { return nil }
        var lexer = DateLexer(bytes)
        guard let tokens = lexer.tokens() else { return nil }
        var reader = DateReader(tokens: tokens)
        reader.skipDayName()

        let day: Int, month: Int, year: Int, time: (Int, Int, Int), zone: DateReader.Zone
        if let first = reader.number(maxDigits: 2) {
            // RFC 5322: day month year time zone.
            day = first
            reader.skip(.minus)
            guard let parsedMonth = reader.month() else { return nil }
            month = parsedMonth
            reader.skip(.minus)
            guard let parsedYear = reader.year(), let parsedTime = reader.time() else { return nil }
            year = parsedYear
            time = parsedTime
            zone = reader.zone()
        } else if let parsedMonth = reader.month() {
            // asctime: month day time [zone] year.
            month = parsedMonth
            guard let parsedDay = reader.number(maxDigits: 2), let parsedTime = reader.time() else { return nil }
            day = parsedDay
            time = parsedTime
            zone = reader.zone()
            guard let parsedYear = reader.year() else { return nil }
            year = parsedYear
        } else {
            return nil
        }
        let resolved: (minutes: Int, known: Bool)
        switch zone {
        case .invalid: return nil
        case .offset(let minutes, let known): resolved = (minutes, known)
        case .absent: resolved = reader.zoneFromComments(lexer.comments) ?? (0, false)
        }
        self.init(year: year, month: month, day: day, hour: time.0, minute: time.1, second: time.2,
                  utcOffsetMinutes: resolved.minutes, isZoneKnown: resolved.known)
    }

    /// Named zones RFC 5322 §4.3 defines, plus `UTC` and `Z`; offsets in minutes.
    static let zoneNames: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "est": -300, "edt": -240, "cst": -360, "cdt": -300,
        "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    ]

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
}

/// One lexical element of a date: comments are set aside, white space separates.
enum DateToken: Hashable {
    /// Letters, lowercased.
    case word(String)
    /// A run of digits (at most 9) and how many there were.
    case number(Int, digits: Int)
    case plus, minus, colon, comma, dot
}

/// Splits date text into ``DateToken``s and collects the comments' words.
struct DateLexer {
    private let bytes: [UInt8]
    private var index = 0
    /// Lowercased words found in comments, e.g. `cet` from `(CET)`.
    private(set) var comments: [String] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The tokens, or `nil` on a character no date contains.
    mutating func tokens() -> [DateToken]? {
        var tokens: [DateToken] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                index += 1
            case UInt8(ascii: "("):
                skipComment()
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var value = 0, digits = 0
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    guard digits < 9 else { return nil }
                    value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    digits += 1
                    index += 1
                }
                tokens.append(.number(value, digits: digits))
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                tokens.append(.word(word()))
            case UInt8(ascii: "+"): tokens.append(.plus); index += 1
            case UInt8(ascii: "-"): tokens.append(.minus); index += 1
            case UInt8(ascii: ":"): tokens.append(.colon); index += 1
            case UInt8(ascii: ","): tokens.append(.comma); index += 1
            case UInt8(ascii: "."): tokens.append(.dot); index += 1
            default:
                return nil
            }
        }
        return tokens
    }

    private mutating func word() -> String {
        let start = index
        while index < bytes.count, Self.isLetter(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index].map { $0 | 0x20 }, as: UTF8.self)
    }

    /// Skips a comment, nested or not, keeping its words; an unclosed one runs to the end.
    private mutating func skipComment() {
        var depth = 0
        repeat {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") { depth -= 1 }
            if Self.isLetter(byte) {
                comments.append(word())
                continue
            }
            index += 1
        } while depth > 0 && index < bytes.count
        index = min(index, bytes.count)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}

/// Reads date parts from ``DateToken``s front to back.
struct DateReader {
    let tokens: [DateToken]
    var index = 0

    private var next: DateToken? { index < tokens.count ? tokens[index] : nil }

    mutating func skip(_ token: DateToken) {
        if next == token { index += 1 }
    }

    /// `Mon,` `Monday` or nothing.
    mutating func skipDayName() {
        if case .word(let word) = next, ReceivedDate.dayNames.contains(String(word.prefix(3))) {
            index += 1
            skip(.comma)
        }
    }

    mutating func number(maxDigits: Int, exactDigits: Int? = nil) -> Int? {
        guard case .number(let value, let digits) = next, digits <= maxDigits,
              exactDigits.map({ $0 == digits }) ?? true
        else { return nil }
        index += 1
        return value
    }

    /// `Nov`, `November`, `NOV`: 1-12.
    mutating func month() -> Int? {
        guard case .word(let word) = next, word.count >= 3,
              let found = ReceivedDate.monthNames.firstIndex(of: String(word.prefix(3)))
        else { return nil }
        index += 1
        return found + 1
    }

    // year     = 4*DIGIT
    // obs-year = 2*DIGIT: 00-49 → 2000-2049, 50-99 and three digits → +1900 (RFC 5322 §4.3)
    mutating func year() -> Int? {
        guard case .number(let value, let digits) = next, digits >= 2, digits <= 4 else { return nil }
        index += 1
        switch digits {
        case 2: return value < 50 ? 2000 + value : 1900 + value
        case 3: return 1900 + value
        default: return value >= 1900 ? value : nil
        }
    }

    /// hour ":" minute [ ":" second [ "." fraction ] ]
    mutating func time() -> (Int, Int, Int)? {
        guard let hour = number(maxDigits: 2) else { return nil }
        guard next == .colon else { return nil }
        index += 1
        guard let minute = number(maxDigits: 2, exactDigits: 2) else { return nil }
        var second = 0
        if next == .colon {
            index += 1
            guard let parsed = number(maxDigits: 2, exactDigits: 2) else { return nil }
            second = parsed
            if next == .dot, case .number? = tokens.dropFirst(index + 1).first { index += 2 }
        }
        return (hour, minute, second)
    }

    enum Zone {
        /// No zone follows the time.
        case absent
        /// A sign not followed by a valid `hhmm`.
        case invalid
        case offset(minutes: Int, known: Bool)
    }

    /// A numeric or named zone after the time.
    mutating func zone() -> Zone {
        switch next {
        case .plus?, .minus?:
            let negative = next == .minus
            guard case .number(let value, let digits)? = tokens.dropFirst(index + 1).first, digits == 4,
                  value / 100 < 24, value % 100 < 60
            else { return .invalid }
            index += 2
            let minutes = value / 100 * 60 + value % 100
            // "-0000": UTC, local zone unknown (RFC 5322 §3.3).
            return .offset(minutes: negative ? -minutes : minutes, known: !(negative && minutes == 0))
        case .word(let word)?:
            index += 1
            if let minutes = ReceivedDate.zoneNames[word] { return .offset(minutes: minutes, known: true) }
            // Military zones other than Z and unknown names: -0000 (RFC 5322 §4.3).
            return .offset(minutes: 0, known: false)
        default:
            return .absent
        }
    }

    /// A zone named in a comment when the stamp has none, as in `10:00:00 (UTC)`.
    func zoneFromComments(_ words: [String]) -> (minutes: Int, known: Bool)? {
        for word in words {
            if let minutes = ReceivedDate.zoneNames[word], word.count > 1 { return (minutes, true) }
        }
        return nil
    }
}
