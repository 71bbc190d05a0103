import MailCore

/// The time stamp of a Received header: an RFC 5322 `date-time`, read leniently.
///
///     Received: from … by mx.example.com …; Mon, 25 Nov 2024 10:00:00 +0100 (CET)
///
/// Keeps the wall-clock components as written and the instant as Unix seconds.
/// Reads the obsolete forms of RFC 5322 §4.3 (zone names, two- and three-digit
/// years, comments anywhere), a missing day name or seconds, and the asctime
/// layout some MTAs still write. Pure Swift, no Foundation. RFC 5322 §3.3, RFC 5321 §4.4.
public struct ReceivedDate: Hashable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var unixSeconds: Int64
    /// The zone's offset from UTC in minutes (`-0800` is -480); 0 when the zone is unknown.
    public var utcOffsetMinutes: Int
    /// False for `-0000`, military zones other than `Z`, unknown zone names and a missing
    /// zone: RFC 5322 §4.3 reads those as UTC with the local zone unknown.
    public var isZoneKnown: Bool

    /// Wall-clock components as written (in the stamp's own zone).
    public var year: Int
    /// 1-12.
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    /// A stamp from its wall-clock components; `nil` if a component is out of range.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0,
                 utcOffsetMinutes: Int, isZoneKnown: Bool = true) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilCalendar.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              abs(utcOffsetMinutes) < 24 * 60
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.utcOffsetMinutes = utcOffsetMinutes
        self.isZoneKnown = isZoneKnown
        let local = CivilCalendar.days(year: year, month: month, day: day) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
        self.unixSeconds = local - Int64(utcOffsetMinutes * 60)
    }

    /// The instant in a zone, e.g. to build expectations.
    public init(unixSeconds: Int64, utcOffsetMinutes: Int = 0, isZoneKnown: Bool = true) {
        let local = unixSeconds + Int64(utcOffsetMinutes * 60)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = Int(local - days * 86_400)
        let (year, month, day) = CivilCalendar.date(days: days)
        self.year = year
        self.month = month
        self.day = day
        self.hour = secondOfDay / 3600
        self.minute = secondOfDay / 60 % 60
        self.second = secondOfDay % 60
        self.unixSeconds = unixSeconds
        self.utcOffsetMinutes = utcOffsetMinutes
        self.isZoneKnown = isZoneKnown
    }

    /// ISO 8601 in the stamp's own zone: `2024-11-25T10:00:00+01:00`.
    public var iso8601: String {
        let zone = abs(utcOffsetMinutes)
        let sign = utcOffsetMinutes < 0 ? "-" : "+"
        return Self.isoDateTime(year, month, day, hour, minute, second)
            + sign + Self.two(zone / 60) + ":" + Self.two(zone % 60)
    }

    /// ISO 8601 in UTC: `2024-11-25T09:00:00Z`.
    public var iso8601UTC: String {
        let utc = ReceivedDate(unixSeconds: unixSeconds)
        return Self.isoDateTime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second) + "Z"
    }

    public var description: String { iso8601 }

    // MARK: - Calendar

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func isoDateTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> String {
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(yearText)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))"
    }
}
