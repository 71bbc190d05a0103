import MonitorCore
import Probe

/// Runs, watches and action readers shared by the alert scripts.
enum AlertFixtures {
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    /// 2023-11-14 22:13:20 UTC.
    static let t0: Int64 = 1_700_000_000_000

    static let corp = AlertKey(probe: "corp-roundtrip")
    static let endpoints = ["smtp": "smtp.corp.example:587", "imap": "imap.corp.example:993"]

    static let slowAccept = ProbeReason(.threshold, .critical, phase: "submit.data_accepted", value: 23_400, limit: 20_000,
                                        message: "submit.data_accepted took 23.4 s, over the critical limit 20 s")
    static let slowAcceptWarning = ProbeReason(.threshold, .warning, phase: "submit.data_accepted", value: 12_000, limit: 10_000,
                                               message: "submit.data_accepted took 12 s, over the warning limit 10 s")
    static let acceptWords = "accepting the message took 23.4 s (critical > 20 s) at submit.data_accepted, smtp.corp.example:587"
    static let acceptWarningWords = "accepting the message took 12 s (warning > 10 s) at submit.data_accepted, smtp.corp.example:587"

    static func watch(_ key: AlertKey = corp, policy: AlertPolicy = AlertPolicy(), location: String? = "office-berlin",
                      inhibitedBy: [AlertKey] = [], notifiers: [String] = ["slack"]) -> AlertWatch {
        AlertWatch(key: key, policy: policy, expectedInterval: .seconds(300), location: location,
                   inhibitedBy: inhibitedBy, notifiers: notifiers)
    }

    static func run(_ status: ProbeStatus, _ key: AlertKey = corp, state: ProbeRunRecord.State = .completed,
                    id: Int64? = nil, reasons: [ProbeReason]? = nil) -> ProbeRunRecord {
        let reasons = reasons ?? {
            switch status {
            case .critical: [slowAccept]
            case .warning: [slowAcceptWarning]
            case .ok, .unknown: []
            }
        }()
        var record = ProbeRunRecord(probe: key.probe, kind: .roundTrip, route: key.route, location: "office-berlin",
                                    startedAtMs: t0, state: state, status: status, reasons: reasons)
        record.id = id
        record.endpoints = endpoints
        return record
    }

    static func engine(_ watches: [AlertWatch] = [watch()], at now: Int64 = t0) -> AlertEngine {
        var engine = AlertEngine()
        _ = engine.configure(watches: watches, now: now)
        return engine
    }
}

extension [AlertAction] {
    var notices: [AlertNotice] {
        compactMap { if case .notify(let notice, _, _) = $0 { notice } else { nil } }
    }

    var events: [AlertNotice.Event] { notices.map(\.event) }

    var summaries: [String] { notices.map(\.summary) }

    var holds: [AlertHold?] {
        compactMap { if case .notify(_, _, let held) = $0 { .some(held) } else { nil } }
    }

    var persisted: [AlertState] {
        compactMap { if case .persist(let state) = $0 { state } else { nil } }
    }

    var wakeUp: Int64? {
        compactMap { if case .wakeUp(let at) = $0 { at } else { nil } }.last
    }
}
