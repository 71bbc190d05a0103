import MonitorCore
import Testing

/// Outbox retry times and the per-notifier token bucket, in exact milliseconds.
@Suite struct NotificationRetryPolicyTests {
    static let t0: Int64 = 1_700_000_000_000

    @Test func withoutJitterTheBackoffDoublesThenGivesUp() {
        let policy = NotificationRetryPolicy(jitterPercent: 0)
        let waits = (1...6).map { policy.nextAttempt(afterFailure: $0, now: Self.t0, id: 1).map { $0 - Self.t0 } }
        #expect(waits == [10_000, 20_000, 40_000, 80_000, 160_000, nil])
        #expect(policy.nextAttempt(afterFailure: 0, now: Self.t0, id: 1) == Self.t0 + 10_000, "below 1 counts as the first")
    }

    @Test func theBackoffIsCappedAtTenMinutes() {
        let policy = NotificationRetryPolicy(retries: 10, jitterPercent: 0)
        #expect((6...10).map { policy.backoffMs(afterFailure: $0, id: 1) } == [320_000, 600_000, 600_000, 600_000, 600_000])
        #expect(policy.backoffMs(afterFailure: Int.max, id: 1) == 600_000)
    }

    @Test func jitterIsDeterministicPerOutboxIDWithinTenPercent() {
        let policy = NotificationRetryPolicy()
        #expect((1...5).map { policy.backoffMs(afterFailure: $0, id: 1) } == [10_682, 21_638, 38_940, 82_096, 173_616])
        #expect((1...5).map { policy.backoffMs(afterFailure: $0, id: 42) } == [10_312, 21_776, 36_672, 76_560, 160_480])
        #expect(policy.nextAttempt(afterFailure: 1, now: Self.t0, id: 42) == Self.t0 + 10_312)
        #expect(policy.nextAttempt(afterFailure: 6, now: Self.t0, id: 42) == nil)
        let capped = NotificationRetryPolicy(retries: 10)
        #expect((7...10).map { capped.backoffMs(afterFailure: $0, id: 7) } == [557_880, 600_660, 544_260, 609_420])
        for id in Int64(0)..<500 {
            for attempt in 1...5 {
                let base = Int64(10_000) << (attempt - 1)
                let wait = policy.backoffMs(afterFailure: attempt, id: id)
                #expect(wait >= base - base / 10 && wait <= base + base / 10)
            }
        }
    }

    @Test func theBucketAllowsABurstThenOnePerRefill() {
        var limiter = NotifierRateLimiter()
        for _ in 0..<10 { #expect(limiter.admit("sms", now: Self.t0) == .now) }
        #expect(limiter.admit("sms", now: Self.t0) == .notBefore(Self.t0 + 120_000))
        #expect(limiter.admit("sms", now: Self.t0 + 119_999) == .notBefore(Self.t0 + 120_000))
        #expect(limiter.admit("sms", now: Self.t0 + 120_000) == .now)
        #expect(limiter.admit("sms", now: Self.t0 + 130_000) == .notBefore(Self.t0 + 240_000))
        #expect(limiter.admit("slack", now: Self.t0) == .now, "each notifier has its own bucket")
        // Two idle hours fill the bucket to its burst, not beyond.
        let later = Self.t0 + 2 * 3_600_000
        for _ in 0..<10 { #expect(limiter.admit("sms", now: later) == .now) }
        #expect(limiter.admit("sms", now: later) == .notBefore(later + 120_000))
    }

    @Test func perNotifierLimitsAndClockSteps() {
        var limiter = NotifierRateLimiter(limits: ["pager": .init(perHour: 4, burst: 1)])
        #expect(limiter.admit("pager", now: Self.t0) == .now)
        #expect(limiter.admit("pager", now: Self.t0 + 1) == .notBefore(Self.t0 + 900_000))
        #expect(limiter.admit("pager", now: Self.t0 - 3_600_000) == .notBefore(Self.t0 + 900_000), "a clock step back adds nothing")
        #expect(limiter.admit("pager", now: Self.t0 + 900_000) == .now)
        #expect(limiter.tokens(of: "pager") == 0)
        #expect(limiter.tokens(of: "other") == 10)
    }
}
