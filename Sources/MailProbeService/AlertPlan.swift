import HistoryStore
import MonitorCore
import Probe

/// What a batch of the alert engine's actions comes to: the store changes (one transaction) and
/// what the coordinator does once they are stored.
struct AlertPlan: Sendable {
    /// A notice with the notifiers it goes to (none when held).
    struct Planned: Sendable {
        var notice: AlertNotice
        var targets: [String]
        var held: AlertHold?
    }

    var changes: [AlertChange] = []
    var notices: [Planned] = []
    var forgotten: [AlertKey] = []
    var wakeUpMs: Int64?
    var queuesAny = false
}

extension AlertCoordinator {
    /// Turns actions into store changes: each key's state with its events and outbox entries, in the
    /// order the keys first appear; a recovery first supersedes the notices of its alert still waiting.
    static func plan(_ actions: [AlertAction], engine: AlertEngine, file: ProbeConfigFile) -> AlertPlan {
        var plan = AlertPlan()
        var states: [AlertKey: AlertState] = [:]
        var notices: [AlertKey: [(AlertNotice, [String], AlertHold?)]] = [:]
        var order: [AlertKey] = []
        for action in actions {
            switch action {
            case .persist(let state):
                if states[state.key] == nil, notices[state.key] == nil { order.append(state.key) }
                states[state.key] = state
            case .notify(var notice, let notifiers, let held):
                if states[notice.key] == nil, notices[notice.key] == nil { order.append(notice.key) }
                if let run = notice.runID { notice.runURL = file.serve.runLink(run) }
                notices[notice.key, default: []].append((notice, notifiers, held))
            case .forget(let key):
                plan.forgotten.append(key)
                plan.changes.append(.delete(key))
            case .wakeUp(let atMs):
                plan.wakeUpMs = atMs
            }
        }
        for key in order {
            guard let state = states[key] ?? engine.state(for: key) else { continue }
            let keyNotices = notices[key] ?? []
            for (notice, notifiers, held) in keyNotices {
                let targets = held == nil ? AlertWatches.notifiers(for: notice, watch: notifiers, routes: file.alerts.routes) : []
                let event = AlertEvent(key: key, alertID: notice.alertID, event: notice.event, severity: notice.severity, atMs: notice.atMs,
                                       summary: notice.summary, held: held.map { "\($0)" } ?? (targets.isEmpty ? "no notifier configured" : nil))
                let queued = targets.map {
                    QueuedNotice(notifier: $0, notice: notice, dedupKey: "\(notice.alertID):\(notice.event.rawValue):\(notice.atMs)",
                                 notBeforeMs: notice.atMs)
                }
                if notice.event == .resolved {
                    // A firing or repeat notice still waiting in backoff would now arrive after the recovery.
                    for name in targets { plan.changes.append(.supersede(alertID: notice.alertID, notifier: name, atMs: notice.atMs)) }
                }
                plan.changes.append(.save(state, event: event, notices: queued))
                plan.queuesAny = plan.queuesAny || !queued.isEmpty
                plan.notices.append(AlertPlan.Planned(notice: notice, targets: targets, held: held))
            }
            if keyNotices.isEmpty { plan.changes.append(.save(state, event: nil, notices: [])) }
        }
        return plan
    }
}
