import MailCore

/// The date and time a server received a message.
///
///     S: * 1 FETCH (INTERNALDATE "17-Jul-1996 02:44:25 -0700")
///
/// Keeps the string as sent and its components, and computes the Unix time
/// without Foundation. RFC 9051 §2.3.3 and §9 (`date-time`).
public struct IMAPInternalDate: Hashable, Sendable, CustomStringConvertible {
    /// The string as sent, without the quotes.
    public var rawValue: String
    public var year: Int
    /// 1-12.
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// The zone's offset from UTC in minutes (`-0700` is -420).
    public var zoneOffsetMinutes: Int

    /// Seconds since 1970-01-01T00:00:00Z.
    public var unixTime: Int64 {
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return local - Int64(zoneOffsetMinutes * 60)
    }

    public var description: String { rawValue }

    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    // date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
    // date-day-fixed = (SP DIGIT) / 2DIGIT
    // time = 2DIGIT ":" 2DIGIT ":" 2DIGIT
    // zone = ("+" / "-") 4DIGIT
    /// Parses the string without its quotes; `nil` if it is not a valid date-time.
    public init?(_ string: String) {
        let bytes = Array(string.utf8)
        guard bytes.count == 26 || bytes.count == 25 else { return nil }
        // A one-digit day without its leading space occurs in the wild.
        let padded = bytes.count == 25 ? [UInt8.sp] + bytes : bytes
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = padded[index]
                if byte == .sp && index == range.lowerBound { continue }
                guard byte.isDigit else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let monthName = String(decoding: padded[3..<6].map(\.uppercased), as: UTF8.self)
        guard padded[2] == UInt8(ascii: "-"), padded[6] == UInt8(ascii: "-"), padded[11] == .sp,
              padded[14] == UInt8(ascii: ":"), padded[17] == UInt8(ascii: ":"), padded[20] == .sp,
              let day = number(0..<2), let monthIndex = Self.months.firstIndex(of: monthName),
              let year = number(7..<11), let hour = number(12..<14), let minute = number(15..<17),
              let second = number(18..<20), let zone = number(22..<26),
              padded[21] == UInt8(ascii: "+") || padded[21] == UInt8(ascii: "-"),
              (1...31).contains(day), hour < 24, minute < 60, second <= 60, zone % 100 < 60
        else { return nil }
        self.rawValue = string
        self.year = year
        self.month = monthIndex + 1
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        let offset = zone / 100 * 60 + zone % 100
        self.zoneOffsetMinutes = padded[21] == UInt8(ascii: "-") ? -offset : offset
    }

    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPInternalDate {
        let start = cursor.index
        let string = String(imapBytes: try cursor.quoted())
        guard let date = IMAPInternalDate(string) else {
            cursor.index = start
            throw cursor.error("expected a date-time such as \"17-Jul-1996 02:44:25 -0700\"")
        }
        return date
    }

    // MARK: - Encoding

    /// A date-time for APPEND from its components.
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, zoneOffsetMinutes: Int) {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let zone = abs(zoneOffsetMinutes)
        let dayText = day < 10 ? " \(day)" : "\(day)"
        let monthName = Self.months[max(0, min(11, month - 1))]
        let monthText = monthName.prefix(1) + monthName.dropFirst().lowercased()
        let raw = "\(dayText)-\(monthText)-\(year) \(two(hour)):\(two(minute)):\(two(second)) "
            + (zoneOffsetMinutes < 0 ? "-" : "+") + two(zone / 60) + two(zone % 60)
        self.rawValue = raw
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.zoneOffsetMinutes = zoneOffsetMinutes
    }
}
