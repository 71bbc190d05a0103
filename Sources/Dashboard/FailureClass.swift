import Charts
import Probe

/// The outcome class of a run that was not ok, as its marker on a chart shows it.
enum FailureClass {
    /// The class of `record`'s failure (its error, else its main reason); `nil` for an ok run.
    static func marker(of record: ProbeRunRecord) -> MarkerKind? {
        guard record.status != .ok else { return nil }
        if let error = record.error, let kind = ProbeReason.Kind(rawValue: error.code) {
            return marker(kind, reply: error.reply, status: record.status)
        }
        guard let reason = record.mainReason else { return .other }
        return marker(reason.kind, reply: reason.reply, status: reason.status)
    }

    /// A reason kind as a marker; a rejection by its reply code's class (4xx or 5xx), else by its status.
    static func marker(_ kind: ProbeReason.Kind, reply: ProbeRunRecord.Reply?, status: ProbeStatus) -> MarkerKind {
        switch kind {
        case .timeout: return .timeout
        case .smtpRejected:
            if let code = reply?.code { return (400..<500).contains(code) ? .rejected4xx : .rejected5xx }
            return status == .warning ? .rejected4xx : .rejected5xx
        case .authFailed: return .auth
        case .tlsFailed: return .tls
        case .late: return .late
        case .lost: return .lost
        case .junk: return .junk
        case .corrupted: return .corrupted
        case .threshold: return .slow
        case .certificateExpiring, .failed, .invalid: return .other
        }
    }

    /// Words for a marker kind, as the legend and titles say it.
    static func words(_ kind: MarkerKind) -> String {
        switch kind {
        case .timeout: "timeout"
        case .rejected4xx: "rejected (4xx)"
        case .rejected5xx: "rejected (5xx)"
        case .auth: "authentication failed"
        case .tls: "TLS failed"
        case .late: "late"
        case .lost: "lost"
        case .junk: "in junk"
        case .corrupted: "corrupted"
        case .slow: "slow (over a threshold)"
        case .other: "other failure"
        }
    }
}
