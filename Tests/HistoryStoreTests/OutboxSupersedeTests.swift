import HistoryStore
import MonitorCore
import Testing

/// What the daemon adds to the outbox: superseding, postponing, forgetting a key.
@Suite struct OutboxSupersedeTests {
    @Test func aRecoverySupersedesOlderPendingNoticesOfTheSameAlertOnly() throws {
        let store = try HistoryStore.inMemory()
        let key = AlertKey(probe: "corp")
        func queued(_ event: AlertNotice.Event, alertID: Int64, notifier: String, at: Int64) -> QueuedNotice {
            QueuedNotice(notifier: notifier, notice: AlertStoreTests.notice(key, event, alertID: alertID, atMs: at),
                         dedupKey: "\(alertID):\(event.rawValue):\(at)", notBeforeMs: at)
        }
        try store.queue([queued(.firing, alertID: 7, notifier: "sms", at: 1_000), queued(.firing, alertID: 7, notifier: "hook", at: 1_000),
                         queued(.firing, alertID: 8, notifier: "sms", at: 1_000)])
        #expect(try store.supersede(alertID: 7, notifier: "sms", atMs: 2_000) == 1)
        try store.queue([queued(.resolved, alertID: 7, notifier: "sms", at: 2_000)])
        #expect(try store.supersede(alertID: 7, notifier: "sms", atMs: 2_000) == 0)
        let due = try store.dueNotifications(nowMs: 3_000, limit: 10).map { "\($0.notifier) \($0.notice.alertID) \($0.notice.event.rawValue)" }
        #expect(due.sorted() == ["hook 7 firing", "sms 7 resolved", "sms 8 firing"])
    }

    @Test func postponeMovesAnEntryWithoutCountingAnAttempt() throws {
        let store = try HistoryStore.inMemory()
        let notice = AlertStoreTests.notice(AlertKey(probe: "corp"), .firing, atMs: 1_000)
        try store.queue([QueuedNotice(notifier: "sms", notice: notice, dedupKey: "a", notBeforeMs: 1_000)])
        let entry = try #require(try store.dueNotifications(nowMs: 1_000, limit: 1).first)
        try store.postpone(outboxID: entry.id, untilMs: 5_000)
        #expect(try store.dueNotifications(nowMs: 4_999, limit: 1).isEmpty)
        #expect(try store.dueNotifications(nowMs: 5_000, limit: 1).first?.attempts == 0)
    }

    @Test func deleteAlertForgetsTheStateOnly() throws {
        let store = try HistoryStore.inMemory()
        let key = AlertKey(probe: "gone", route: "a->b")
        try store.saveAlert(key: key, state: SampleAlertState(key: key, firingSince: nil, failures: []), firing: false, severity: nil,
                            sinceMs: nil, event: nil, notices: [])
        try store.deleteAlert(key: key)
        #expect(try store.alertStates(as: SampleAlertState.self).isEmpty)
    }
}
