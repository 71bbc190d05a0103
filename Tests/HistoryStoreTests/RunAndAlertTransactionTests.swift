import HistoryStore
import MonitorCore
import Probe
import Testing

/// A run and the alert change it causes share one transaction: both land, or neither does.
@Suite struct RunAndAlertTransactionTests {
    static let key = AlertKey(probe: "corp")

    static func notice(runID: Int64) -> AlertNotice {
        AlertNotice(alertID: 1, key: key, event: .firing, severity: .critical, reasonKind: "timeout",
                    summary: "CRITICAL corp: timeout", detail: "no reply", sinceMs: 5_000, atMs: 5_000, runID: runID)
    }

    static func firing(runID: Int64) -> AlertState {
        AlertState(key: key, alertID: 1, firing: true, severity: .critical, sinceMs: 5_000, badRuns: 2,
                   cause: AlertCause(severity: .critical, reasonKind: "timeout", words: "timeout", detail: "no reply", runID: runID))
    }

    @Test func theRunItsAlertStateEventAndNoticesLandTogether() throws {
        let store = try HistoryStore.inMemory()
        let journal = try store.journalStart(probe: "corp", route: nil, kind: .roundTrip, startedAtMs: 5_000, token: "mp-1", location: nil)
        let (id, seen) = try store.insert(StoreFixtures.run(at: 5_000, status: .critical), journalID: journal, keepTrace: false) { id in
            let notice = Self.notice(runID: id)
            let event = AlertEvent(key: Self.key, alertID: 1, event: .firing, severity: .critical, atMs: 5_000, summary: notice.summary)
            return ([.save(Self.firing(runID: id), event: event,
                           notices: [QueuedNotice(notifier: "hook", notice: notice, dedupKey: "1:firing:5000", notBeforeMs: 5_000)])], id)
        }
        #expect(seen == id)
        #expect(try store.run(id: id)?.status == .critical)
        #expect(try store.alertStates(as: AlertState.self).first?.cause?.runID == id)
        #expect(try store.alertEvents(limit: 10).map(\.event) == [.firing])
        #expect(try store.dueNotifications(nowMs: 5_000, limit: 10).map(\.notice.runID) == [id])
        #expect(try store.recoverInterrupted(nowMs: 6_000).isEmpty, "the journal row went with the run")
    }

    @Test func aFailingAlertChangeRollsTheRunBack() throws {
        let store = try HistoryStore.inMemory()
        let journal = try store.journalStart(probe: "corp", route: nil, kind: .roundTrip, startedAtMs: 5_000, token: nil, location: nil)
        var broken = Self.firing(runID: 0)
        broken.severity = nil  // a firing state without a severity is refused
        #expect(throws: HistoryStoreError.self) {
            _ = try store.insert(StoreFixtures.run(at: 5_000, status: .critical), journalID: journal, keepTrace: false) { id in
                ([.save(Self.firing(runID: id), event: nil, notices: [QueuedNotice(notifier: "hook", notice: Self.notice(runID: id),
                                                                                  dedupKey: "1", notBeforeMs: 5_000)]),
                  .save(broken, event: nil, notices: [])], ())
            }
        }
        #expect(try store.runs(RunQuery()).runs.isEmpty)
        #expect(try store.alertStates(as: AlertState.self).isEmpty)
        #expect(try store.dueNotifications(nowMs: 5_000, limit: 10).isEmpty)
        #expect(try store.series(probe: "corp", route: nil, phase: "total", sinceMs: 0, untilMs: 10_000).isEmpty, "no rollup either")
        #expect(try store.recoverInterrupted(nowMs: 6_000).count == 1, "the journal row stays: the run is recovered as interrupted")
    }

    @Test func applyingABatchIsAllOrNothing() throws {
        let store = try HistoryStore.inMemory()
        try store.apply([.save(Self.firing(runID: 1), event: nil, notices: [])])
        var broken = Self.firing(runID: 1)
        broken.sinceMs = nil
        #expect(throws: HistoryStoreError.self) { try store.apply([.delete(Self.key), .save(broken, event: nil, notices: [])]) }
        #expect(try store.alertStates(as: AlertState.self).count == 1, "the delete was rolled back")
        try store.apply([.delete(Self.key)])
        #expect(try store.alertStates(as: AlertState.self).isEmpty)
    }
}
