import HistoryStore
import MonitorCore
import Testing

/// The recipients an SMS attempt reached are kept with its entry, so that the retry skips them.
@Suite struct OutboxPartsTests {
    @Test func deliveredPartsAccumulateOverAttemptsAndComeBackWithTheEntry() throws {
        let store = try HistoryStore.inMemory()
        try store.queue([OutboxTests.queued("sms", "corp:1:firing", notBeforeMs: 1_000)])
        let entry = try #require(try store.dueNotifications(nowMs: 1_000, limit: 10).first)
        #expect(entry.deliveredParts.isEmpty)
        let failed = NotificationAttempt(notifier: "sms", attempt: 1, atMs: 1_000, result: .failed, httpStatus: 503,
                                         error: "1 of 2 sent; +492: HTTP 503", latencyMs: 12)
        try store.recordAttempt(failed, outboxID: entry.id, next: .retry(atMs: 2_000), deliveredParts: ["+491"])
        let retry = try #require(try store.dueNotifications(nowMs: 2_000, limit: 10).first)
        #expect(retry.id == entry.id && retry.attempts == 1)
        #expect(retry.deliveredParts == ["+491"])
        // An attempt of a notifier without parts leaves them as they were.
        try store.recordAttempt(failed, outboxID: entry.id, next: .retry(atMs: 3_000))
        #expect(try store.dueNotifications(nowMs: 3_000, limit: 10).first?.deliveredParts == ["+491"])
    }
}
