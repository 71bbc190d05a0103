/// A tick step of a time axis: so many seconds, minutes, hours, days or weeks, and how its ticks are labelled.
struct TimeStep: Sendable, Hashable {
    enum Unit: Sendable, Hashable {
        case second, minute, hour, day, week
    }

    static let second: Int64 = 1000
    static let minute: Int64 = 60 * second
    static let hour: Int64 = 60 * minute
    static let day: Int64 = 24 * hour
    static let week: Int64 = 7 * day

    var unit: Unit
    var multiple: Int64

    var milliseconds: Int64 {
        switch unit {
        case .second: multiple * Self.second
        case .minute: multiple * Self.minute
        case .hour: multiple * Self.hour
        case .day: multiple * Self.day
        case .week: multiple * Self.week
        }
    }

    /// Ticks fall on multiples of the step counted from this instant: the epoch, or for weeks Monday 1970-01-05.
    var alignment: Int64 {
        switch unit {
        case .second, .minute, .hour, .day: 0
        case .week: 4 * Self.day
        }
    }

    /// The steps in order of size; weeks keep doubling beyond the table as far as needed.
    static let table: [TimeStep] =
        [1, 2, 5, 10, 15, 30].map { TimeStep(unit: .second, multiple: $0) }
        + [1, 2, 5, 10, 15, 30].map { TimeStep(unit: .minute, multiple: $0) }
        + [1, 2, 3, 6, 12].map { TimeStep(unit: .hour, multiple: $0) }
        + [1, 2].map { TimeStep(unit: .day, multiple: $0) }
        + [1, 2, 4, 13, 26, 52].map { TimeStep(unit: .week, multiple: $0) }

    /// The smallest step that gives at most `maxCount` intervals over `span`.
    static func choose(span: Int64, maxCount: Int64) -> TimeStep {
        for step in table where span / step.milliseconds <= maxCount {
            return step
        }
        var years: Int64 = 52
        while span / (years * week) > maxCount {
            years *= 2
        }
        return TimeStep(unit: .week, multiple: years)
    }

    /// The label of a tick at `time`: clock time for seconds to hours (the day instead at midnight), the weekday for days, the date for weeks.
    func label(_ time: Int64) -> String {
        let date = CivilTime(unixMs: time)
        switch unit {
        case .second:
            return date.isMidnight ? date.weekdayDay : date.hourMinuteSecond
        case .minute, .hour:
            return date.isMidnight ? date.weekdayDay : date.hourMinute
        case .day:
            return date.weekdayDay
        case .week:
            return multiple >= 13 ? date.monthDayYear : date.monthDay
        }
    }
}
