/// A UTC calendar date and clock time of a Unix millisecond instant (proleptic Gregorian).
struct CivilTime: Sendable, Hashable {
    var year: Int64
    var month: Int  // 1…12
    var day: Int  // 1…31
    var weekday: Int  // 0 = Sunday
    var hour: Int
    var minute: Int
    var second: Int

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    init(unixMs: Int64) {
        let days = ChartMath.floorDiv(unixMs, TimeStep.day)
        let msOfDay = unixMs - days * TimeStep.day
        hour = Int(msOfDay / TimeStep.hour)
        minute = Int(msOfDay % TimeStep.hour / TimeStep.minute)
        second = Int(msOfDay % TimeStep.minute / TimeStep.second)
        weekday = Int(ChartMath.floorMod(days + 4, 7))  // 1970-01-01 was a Thursday
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = ChartMath.floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var isMidnight: Bool { hour == 0 && minute == 0 && second == 0 }

    /// `14:05`.
    var hourMinute: String { Self.twoDigits(hour) + ":" + Self.twoDigits(minute) }
    /// `14:05:30`.
    var hourMinuteSecond: String { hourMinute + ":" + Self.twoDigits(second) }
    /// `Mon 3`.
    var weekdayDay: String { Self.weekdays[weekday] + " \(day)" }
    /// `Dec 3`.
    var monthDay: String { Self.months[month - 1] + " \(day)" }
    /// `Dec 3 2024`.
    var monthDayYear: String { monthDay + " \(year)" }
    /// `2024-12-03 14:05`, for descriptions.
    var isoMinute: String {
        "\(year)-" + Self.twoDigits(month) + "-" + Self.twoDigits(day) + " " + hourMinute
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
