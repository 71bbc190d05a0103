import HistoryStore
import MonitorCore
import Testing

@Suite struct OutboxTests {
    static let key = AlertKey(probe: "corp")

    static func queued(_ notifier: String, _ dedupKey: String, notBeforeMs: Int64, atMs: Int64 = 1_000) -> QueuedNotice {
        QueuedNotice(notifier: notifier, notice: AlertStoreTests.notice(key, .firing, atMs: atMs), dedupKey: dedupKey, notBeforeMs: notBeforeMs)
    }

    @Test func queueingTheSameDedupKeyTwiceIsANoOpPerNotifier() throws {
        let store = try HistoryStore.inMemory()
        try store.queue([Self.queued("slack", "corp:1:firing", notBeforeMs: 1_000)])
        try store.queue([Self.queued("slack", "corp:1:firing", notBeforeMs: 500),
                         Self.queued("sms", "corp:1:firing", notBeforeMs: 1_000)])

        let due = try store.dueNotifications(nowMs: 10_000, limit: 10)
        #expect(due.map(\.notifier) == ["slack", "sms"])
        #expect(due.map(\.nextAttemptAtMs) == [1_000, 1_000])
    }

    @Test func dueEntriesComeEarliestFirstAndOnlyWhenDue() throws {
        let store = try HistoryStore.inMemory()
        try store.queue([Self.queued("a", "1", notBeforeMs: 3_000), Self.queued("b", "2", notBeforeMs: 1_000),
                         Self.queued("c", "3", notBeforeMs: 2_000), Self.queued("d", "4", notBeforeMs: 1_000)])

        #expect(try store.dueNotifications(nowMs: 999, limit: 10).isEmpty)
        #expect(try store.dueNotifications(nowMs: 2_000, limit: 10).map(\.notifier) == ["b", "d", "c"])
        #expect(try store.dueNotifications(nowMs: 9_000, limit: 2).map(\.notifier) == ["b", "d"])
        #expect(try store.nextNotificationDue() == 1_000)
    }

    @Test func attemptsRetryThenDeliver() throws {
        let store = try HistoryStore.inMemory()
        try store.queue([Self.queued("slack", "corp:1:firing", notBeforeMs: 1_000)])
        let entry = try #require(try store.dueNotifications(nowMs: 1_000, limit: 1).first)

        let failed = NotificationAttempt(notifier: "slack", attempt: 1, atMs: 1_000, result: .failed, httpStatus: 503,
                                         error: "service unavailable", latencyMs: 120.5)
        try store.recordAttempt(failed, outboxID: entry.id, next: .retry(atMs: 31_000))
        #expect(try store.dueNotifications(nowMs: 30_999, limit: 10).isEmpty)
        #expect(try store.nextNotificationDue() == 31_000)
        let retried = try #require(try store.dueNotifications(nowMs: 31_000, limit: 10).first)
        #expect(retried.attempts == 1)

        let delivered = NotificationAttempt(notifier: "slack", attempt: 2, atMs: 31_000, result: .delivered, httpStatus: 200, latencyMs: 80)
        try store.recordAttempt(delivered, outboxID: entry.id, next: .delivered)

        #expect(try store.dueNotifications(nowMs: 99_000, limit: 10).isEmpty)
        #expect(try store.nextNotificationDue() == nil)
        var expectedFailed = failed
        expectedFailed.outboxID = entry.id
        var expectedDelivered = delivered
        expectedDelivered.outboxID = entry.id
        #expect(try store.notificationAttempts(outboxID: entry.id) == [expectedFailed, expectedDelivered])
    }

    @Test func givingUpEndsTheEntryAndFinishedEntriesTakeNoMoreAttempts() throws {
        let store = try HistoryStore.inMemory()
        try store.queue([Self.queued("sms", "x", notBeforeMs: 0), Self.queued("slack", "y", notBeforeMs: 0)])
        let entries = try store.dueNotifications(nowMs: 0, limit: 10)
        let attempt = NotificationAttempt(notifier: "sms", attempt: 5, atMs: 100, result: .failed, error: "gateway said 400")

        try store.recordAttempt(attempt, outboxID: entries[0].id, next: .gaveUp)

        #expect(try store.dueNotifications(nowMs: 1_000, limit: 10).map(\.notifier) == ["slack"])
        let again = try #require(throws: HistoryStoreError.self) {
            try store.recordAttempt(attempt, outboxID: entries[0].id, next: .retry(atMs: 200))
        }
        #expect(again.code == .invalidArgument)
        let missing = try #require(throws: HistoryStoreError.self) {
            try store.recordAttempt(attempt, outboxID: 999, next: .delivered)
        }
        #expect(missing.code == .notFound)
        #expect(try store.notificationAttempts(outboxID: nil).count == 1)
        #expect(try store.notificationAttempts(outboxID: entries[1].id).isEmpty)
    }
}
