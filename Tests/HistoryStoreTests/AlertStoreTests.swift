import HistoryStore
import MonitorCore
import Testing

/// A stand-in for the alert engine's state: the store keeps any `Codable`.
struct SampleAlertState: Codable, Hashable {
    var key: AlertKey
    var firingSince: Int64?
    var failures: [Int64]
}

@Suite struct AlertStoreTests {
    static func notice(_ key: AlertKey, _ event: AlertNotice.Event, alertID: Int64 = 1, atMs: Int64) -> AlertNotice {
        AlertNotice(alertID: alertID, key: key, event: event, severity: .critical, reasonKind: "timeout",
                    summary: "CRITICAL \(key): no reply", detail: "no reply in 20 s", sinceMs: 1_000, atMs: atMs)
    }

    @Test func savedStatesLoadBackAsTheirType() throws {
        let store = try HistoryStore.inMemory()
        let corp = SampleAlertState(key: AlertKey(probe: "corp"), firingSince: 1_000, failures: [1_000, 2_000])
        let mesh = SampleAlertState(key: AlertKey(probe: "mesh", route: "a->b"), firingSince: nil, failures: [])

        try store.saveAlert(key: mesh.key, state: mesh, firing: false, severity: nil, sinceMs: nil, event: nil, notices: [])
        try store.saveAlert(key: corp.key, state: corp, firing: true, severity: .warning, sinceMs: 1_000, event: nil, notices: [])
        var updated = corp
        updated.failures.append(3_000)
        try store.saveAlert(key: corp.key, state: updated, firing: true, severity: .critical, sinceMs: 1_000, event: nil, notices: [])

        #expect(try store.alertStates(as: SampleAlertState.self) == [updated, mesh])
        #expect(try store.firingAlerts() == [FiringAlert(key: corp.key, severity: .critical, sinceMs: 1_000)])
    }

    @Test func resolvingTakesAnAlertOffTheFiringList() throws {
        let store = try HistoryStore.inMemory()
        let key = AlertKey(probe: "corp")
        let state = SampleAlertState(key: key, firingSince: nil, failures: [])
        try store.saveAlert(key: key, state: state, firing: true, severity: .critical, sinceMs: 1_000, event: nil, notices: [])
        try store.saveAlert(key: key, state: state, firing: false, severity: nil, sinceMs: nil, event: nil, notices: [])

        #expect(try store.firingAlerts().isEmpty)
    }

    @Test func aFiringStateNeedsSeverityAndStart() throws {
        let store = try HistoryStore.inMemory()
        let key = AlertKey(probe: "corp")
        let error = try #require(throws: HistoryStoreError.self) {
            try store.saveAlert(key: key, state: [1], firing: true, severity: nil, sinceMs: 1_000, event: nil, notices: [])
        }
        #expect(error.code == .invalidArgument)
        #expect(try store.alertStates(as: [Int].self).isEmpty)
    }

    @Test func eventsComeBackNewestFirstPerKey() throws {
        let store = try HistoryStore.inMemory()
        let corp = AlertKey(probe: "corp")
        let mesh = AlertKey(probe: "mesh", route: "a->b")
        let script: [(AlertKey, AlertNotice.Event, AlertSeverity, Int64, String?)] = [
            (corp, .firing, .warning, 1_000, nil),
            (mesh, .firing, .critical, 1_500, "silenced by 3"),
            (corp, .escalated, .critical, 2_000, nil),
            (corp, .repeated, .critical, 3_000, nil),
            (corp, .resolved, .critical, 4_000, nil),
        ]
        var ids: [Int64] = []
        for (key, event, severity, atMs, held) in script {
            let id = try store.saveAlert(key: key, state: [atMs], firing: event != .resolved, severity: severity, sinceMs: 1_000,
                                         event: AlertEvent(key: key, alertID: 7, event: event, severity: severity, atMs: atMs,
                                                           summary: "\(event.rawValue) \(key)", held: held),
                                         notices: [])
            ids.append(try #require(id))
        }

        let all = try store.alertEvents(limit: 10)
        let corpEvents = try store.alertEvents(limit: 2, key: corp)

        #expect(all.map(\.atMs) == [4_000, 3_000, 2_000, 1_500, 1_000])
        #expect(all.compactMap(\.id) == ids.reversed())
        #expect(corpEvents.map(\.event) == [.resolved, .repeated])
        let held = try #require(try store.alertEvents(limit: 1, key: mesh).first)
        #expect(held == AlertEvent(id: ids[1], key: mesh, alertID: 7, event: .firing, severity: .critical, atMs: 1_500,
                                   summary: "firing mesh a->b", held: "silenced by 3"))
    }

    @Test func anAlertChangeQueuesItsNoticesInTheSameSave() throws {
        let store = try HistoryStore.inMemory()
        let key = AlertKey(probe: "corp")
        let notice = Self.notice(key, .firing, atMs: 5_000)

        try store.saveAlert(key: key, state: ["firing"], firing: true, severity: .critical, sinceMs: 5_000,
                            event: AlertEvent(key: key, alertID: 1, event: .firing, severity: .critical, atMs: 5_000, summary: notice.summary),
                            notices: [QueuedNotice(notifier: "slack", notice: notice, dedupKey: "corp:1:firing", notBeforeMs: 5_000),
                                      QueuedNotice(notifier: "sms", notice: notice, dedupKey: "corp:1:firing", notBeforeMs: 6_000)])

        let due = try store.dueNotifications(nowMs: 6_000, limit: 10)
        #expect(due.map(\.notifier) == ["slack", "sms"])
        #expect(due.first?.notice == notice)
        #expect(due.first?.createdAtMs == 5_000)
    }

    @Test func alertIDsCountUpAndSurviveInTheStore() throws {
        let store = try HistoryStore.inMemory()
        #expect(try (0..<3).map { _ in try store.nextAlertID() } == [1, 2, 3])
    }
}
