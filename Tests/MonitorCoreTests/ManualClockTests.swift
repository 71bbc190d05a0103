import MailTestKit
import Testing

/// The manual clock wakes sleepers only when advanced, in deadline order, and honours cancellation.
@Suite struct ManualClockTests {
    @Test func aFiveSecondSleepWakesAfterFiveSecondsNotFour() async throws {
        let clock = ManualClock()
        let task = Task { try await clock.sleep(for: .seconds(5)) }
        #expect(await clock.waitForSleepers(1))
        #expect(clock.sleeperDeadlines == [.init(offset: .seconds(5))])
        clock.advance(by: .seconds(4))
        #expect(clock.sleeperCount == 1, "still asleep at 4 s")
        clock.advance(by: .seconds(1))
        #expect(clock.sleeperCount == 0)
        try await task.value
        #expect(clock.now == .init(offset: .seconds(5)))
    }

    @Test func sleepersWakeInDeadlineOrder() async throws {
        let clock = ManualClock()
        let tasks = [3, 1, 2].map { seconds in Task { try await clock.sleep(until: .init(offset: .seconds(seconds)), tolerance: nil) } }
        #expect(await clock.waitForSleepers(3))
        clock.advance(to: .init(offset: .milliseconds(1500)))
        #expect(clock.sleeperDeadlines == [.init(offset: .seconds(2)), .init(offset: .seconds(3))])
        try await tasks[1].value
        clock.advance(to: .init(offset: .seconds(2)))
        #expect(clock.sleeperDeadlines == [.init(offset: .seconds(3))])
        clock.advance(to: .init(offset: .seconds(1)))
        #expect(clock.now == .init(offset: .seconds(2)), "never backwards")
        clock.advance(by: .seconds(10))
        for task in tasks { try await task.value }
    }

    @Test func aPassedDeadlineReturnsAtOnce() async throws {
        let clock = ManualClock(now: .init(offset: .seconds(10)))
        try await clock.sleep(until: .init(offset: .seconds(3)), tolerance: nil)
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellingASleeperThrowsPromptly() async {
        let clock = ManualClock()
        let task = Task { try await clock.sleep(for: .seconds(60)) }
        #expect(await clock.waitForSleepers(1))
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
        #expect(clock.now == .init(offset: .zero))
    }

    @Test func aCancelledTaskDoesNotSleep() async {
        let clock = ManualClock()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(1))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }
}
