@testable import Charts
import Testing

/// Time ticks land on whole units with labels fitting the range, in UTC.
@Suite struct TimeScaleTests {
    typealias F = Fixtures

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var span: Int64
        var step: Int64
        var labels: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "1 h", span: F.hour, step: 10 * F.minute,
            labels: ["14:00", "14:10", "14:20", "14:30", "14:40", "14:50", "15:00"]),
        Case(name: "24 h", span: F.day, step: 3 * F.hour,
            labels: ["15:00", "18:00", "21:00", "Wed 4", "03:00", "06:00", "09:00", "12:00"]),
        Case(name: "7 d", span: 7 * F.day, step: F.day,
            labels: ["Wed 4", "Thu 5", "Fri 6", "Sat 7", "Sun 8", "Mon 9", "Tue 10"]),
        Case(name: "30 d", span: 30 * F.day, step: 7 * F.day, labels: ["Dec 9", "Dec 16", "Dec 23", "Dec 30"]),
        Case(name: "90 s", span: 90 * F.second, step: 15 * F.second,
            labels: ["14:00:00", "14:00:15", "14:00:30", "14:00:45", "14:01:00", "14:01:15", "14:01:30"]),
    ]

    @Test(arguments: cases)
    func ticksLandOnWholeUnits(_ fixture: Case) throws {
        let scale = TimeScale(start: F.t0, end: F.t0 + fixture.span, rangeStart: 64, rangeEnd: 708)
        let ticks = scale.ticks(maxCount: 8)
        #expect(ticks.map(\.label) == fixture.labels)
        for tick in ticks {
            let offset = fixture.step == 7 * F.day ? tick.time - 4 * F.day : tick.time
            #expect(offset % fixture.step == 0, "\(tick.label) is not on a whole step")
            #expect(tick.x >= 64 && tick.x <= 708)
        }
        let gaps = zip(ticks, ticks.dropFirst()).map { $1.time - $0.time }
        #expect(gaps.allSatisfy { $0 == fixture.step })
    }

    @Test func weeksStartOnMonday() {
        let scale = TimeScale(start: F.t0, end: F.t0 + 30 * F.day, rangeStart: 0, rangeEnd: 600)
        for tick in scale.ticks(maxCount: 8) {
            #expect(CivilTime(unixMs: tick.time).weekday == 1)
            #expect(CivilTime(unixMs: tick.time).isMidnight)
        }
    }

    @Test func positionsAreLinearInTime() {
        let scale = TimeScale(start: F.t0, end: F.t0 + F.hour, rangeStart: 64, rangeEnd: 664)
        #expect(scale.x(F.t0) == 64)
        #expect(scale.x(F.t0 + F.hour) == 664)
        #expect(scale.x(F.t0 + 15 * F.minute) == 214)
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01 00:00", "Thu 1"), (951_782_400_000, "2000-02-29 00:00", "Tue 29"),
        (-86_400_000, "1969-12-31 00:00", "Wed 31"), (1_733_234_400_000, "2024-12-03 14:00", "Tue 3"),
    ])
    func civilDates(ms: Int64, iso: String, weekday: String) {
        let civil = CivilTime(unixMs: ms)
        #expect(civil.isoMinute == iso)
        #expect(civil.weekdayDay == weekday)
    }

    @Test func extremeRangesStayBounded() {
        let huge = TimeScale(start: .min, end: .max, rangeStart: 0, rangeEnd: 600)
        let ticks = huge.ticks(maxCount: 8)
        #expect(!ticks.isEmpty && ticks.count <= 9)
        #expect(ticks.allSatisfy { $0.x.isFinite })
        let empty = TimeScale(start: F.t0, end: F.t0, rangeStart: 0, rangeEnd: 600)
        #expect(empty.span == 1)
        #expect(empty.ticks(maxCount: 8).count <= 9)
    }
}
