import MailCore

/// Instants as written in the config and the API: RFC 3339 (`2026-12-24T18:00:00Z`,
/// `2026-12-24T19:00:00+01:00`, fractional seconds allowed) or Unix milliseconds.
public enum ConfigTimestamp {
    // date-time = full-date "T" partial-time time-offset            (RFC 3339 §5.6)
    // full-date = 4DIGIT "-" 2DIGIT "-" 2DIGIT
    // partial-time = 2DIGIT ":" 2DIGIT ":" 2DIGIT ["." 1*DIGIT]
    // time-offset = "Z" / ("+" / "-") 2DIGIT ":" 2DIGIT
    /// Unix milliseconds, or `nil` when `text` is neither form.
    public static func parse(_ text: String) -> Int64? {
        if !text.isEmpty, text.count <= 15, text.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int64(text) }
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 40 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == 45, let month = number(5..<7), bytes[7] == 45, let day = number(8..<10),
              bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32, let hour = number(11..<13), bytes[13] == 58,
              let minute = number(14..<16), bytes[16] == 58, let second = number(17..<19),
              (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var milliseconds = 0
        if bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 3 { milliseconds = milliseconds * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { milliseconds *= 10 } }
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes = 0
        if bytes[index] == 90 || bytes[index] == 122 {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard bytes[index] == 43 || bytes[index] == 45, index + 6 == bytes.count, let hours = number(index + 1..<index + 3),
                  bytes[index + 3] == 58, let minutes = number(index + 4..<index + 6), hours < 24, minutes < 60 else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (bytes[index] == 45 ? -1 : 1)
        }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(milliseconds)
    }
}
