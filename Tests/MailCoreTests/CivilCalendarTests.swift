import MailCore
import Testing

@Suite("CivilCalendar")
struct CivilCalendarTests {
    /// Known days since 1970-01-01 (from `date -u -d ... +%s` / 86400).
    @Test(arguments: [
        (1970, 1, 1, Int64(0)), (1969, 12, 31, -1), (2000, 2, 29, 11_016), (2000, 3, 1, 11_017),
        (1900, 3, 1, -25_508), (2026, 11, 29, 20_786), (9999, 12, 31, 2_932_896), (1, 1, 1, -719_162),
    ])
    func daysAndBack(year: Int, month: Int, day: Int, days: Int64) {
        #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
        let date = CivilCalendar.date(days: days)
        #expect(date.year == year && date.month == month && date.day == day)
    }

    @Test func everyDayOfFourCenturiesRoundTrips() {
        var days = CivilCalendar.days(year: 1800, month: 1, day: 1)
        var mismatches: [String] = []
        for year in 1800..<2200 {
            for month in 1...12 {
                for day in 1...CivilCalendar.daysIn(month: month, year: year) {
                    let date = CivilCalendar.date(days: days)
                    if CivilCalendar.days(year: year, month: month, day: day) != days
                        || date.year != year || date.month != month || date.day != day {
                        mismatches.append("\(year)-\(month)-\(day)")
                    }
                    days += 1
                }
            }
        }
        #expect(mismatches.isEmpty)
        #expect(days == CivilCalendar.days(year: 2200, month: 1, day: 1))
    }

    @Test func leapYears() {
        #expect(CivilCalendar.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilCalendar.daysIn(month: 2, year: 1900) == 28)
        #expect(CivilCalendar.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilCalendar.daysIn(month: 2, year: 2026) == 28)
    }
}
