import Probe

/// The words of a notice: the one line a person needs at 3 a.m.
///
///     CRITICAL corp-roundtrip (office-berlin): accepting the message took 23.4 s (critical > 20 s) at submit.data_accepted, smtp.corp.example:587
///     RESOLVED corp-roundtrip: ok again after 12m (was critical: accepting the message took 23.4 s (critical > 20 s) at …)
public enum AlertWording {
    /// `CRITICAL corp-roundtrip (office-berlin): <words>`.
    public static func summary(_ severity: AlertSeverity, key: AlertKey, location: String?, words: String) -> String {
        "\(severity.rawValue.uppercased()) \(key)\(location.map { " (\($0))" } ?? ""): \(words)"
    }

    /// `RESOLVED corp-roundtrip: ok again after 12m (was critical: <words>)`; a `no_data` alert
    /// says "runs recorded again" instead of "ok again".
    public static func recovery(key: AlertKey, afterMs: Int64, was cause: AlertCause) -> String {
        let again = cause.reasonKind == noDataKind ? "runs recorded again" : "ok again"
        return "RESOLVED \(key): \(again) after \(elapsed(ms: afterMs)) (was \(cause.severity.rawValue): \(cause.words))"
    }

    public static let noDataKind = "no_data"

    /// ` (still firing after silence)`: appended to the summary of the repeat sent when the hold that kept
    /// a firing alert quiet ends.
    public static func afterHold(_ hold: AlertHold) -> String {
        switch hold {
        case .silenced: " (still firing after silence)"
        case .maintenance: " (still firing after maintenance window)"
        case .inhibited: " (still firing after inhibition)"
        }
    }

    /// `no run recorded for 3 intervals (15m)`.
    public static func noData(intervals: Int, windowMs: Int64) -> String {
        "no run recorded for \(intervals) interval\(intervals == 1 ? "" : "s") (\(elapsed(ms: windowMs)))"
    }

    /// The reason in words, with the measured value and the limit, the phase and the endpoint.
    public static func words(for reason: ProbeReason, in run: ProbeRunRecord) -> String {
        let what = reason.phase.map(phaseWords) ?? "the probe"
        var where_ = ""
        if let phase = reason.phase, phase.contains(".") { where_ += " at \(phase)" }
        if let endpoint = endpoint(for: reason.phase, in: run.endpoints) { where_ += ", \(endpoint)" }
        let reply = serverReply(reason.reply)
        switch reason.kind {
        case .threshold, .late:
            guard let value = reason.valueMilliseconds else { break }
            let limit = reason.limitMilliseconds.map { " (\(reason.status.rawValue) > \(measured(ms: $0)))" } ?? ""
            return "\(what) took \(measured(ms: value))\(limit)\(where_)"
        case .timeout:
            let after = reason.valueMilliseconds.map { " after \(measured(ms: $0))" } ?? ""
            return "\(what) timed out\(after)\(where_)"
        case .smtpRejected:
            return "\(what) was refused\(reply.map { ": \($0)" } ?? "")\(where_)"
        case .authFailed:
            return "\(what) failed\(reply.map { ": \($0)" } ?? "")\(where_)"
        case .tlsFailed, .certificateExpiring, .lost, .junk, .corrupted, .failed, .invalid:
            break
        }
        return reason.phase == nil ? "\(reason.message)\(where_)" : "\(what): \(reason.message)\(where_)"
    }

    /// The server's reply as it said it: `550 5.1.1 user unknown`.
    public static func serverReply(_ reply: ProbeRunRecord.Reply?) -> String? {
        guard let reply else { return nil }
        let text = reply.text.split(whereSeparator: \.isNewline).joined(separator: " ")
        let parts = [reply.code.map(String.init), reply.enhanced, text.isEmpty ? nil : text].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The endpoint a phase talks to: `endpoints["smtp"]` for `submit.*`/`smtp.*`, `endpoints["imap"]`
    /// for `retrieve.*`/`imap.*`; none for `delivery`, `total` and the rest.
    public static func endpoint(for phase: String?, in endpoints: [String: String]) -> String? {
        guard let phase, let dot = phase.firstIndex(of: ".") else { return nil }
        switch phase[..<dot] {
        case "submit", "smtp": return endpoints["smtp"]
        case "retrieve", "imap", "cleanup": return endpoints["imap"]
        default: return nil
        }
    }

    /// A measured duration: `850 ms`, `23.4 s`, `20 s`, `5m 12s`.
    public static func measured(ms: Double) -> String {
        guard ms.isFinite, ms >= 0 else { return "\(ms) ms" }
        if ms < 1000 { return "\(Int(ms.rounded())) ms" }
        if ms < 59_950 {
            let tenths = Int((ms / 100).rounded())
            return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
        }
        return elapsed(ms: Int64((ms / 1000).rounded()) * 1000)
    }

    /// An elapsed time in its two largest units: `45s`, `15m`, `12m 30s`, `1h 5m`, `2d 3h`.
    public static func elapsed(ms: Int64) -> String {
        let seconds = max(0, ms) / 1000
        let units: [(Int64, String)] = [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")]
        guard let first = units.firstIndex(where: { seconds >= $0.0 }) else { return "0s" }
        let (size, name) = units[first]
        var text = "\(seconds / size)\(name)"
        if first + 1 < units.count {
            let (nextSize, nextName) = units[first + 1]
            let rest = (seconds % size) / nextSize
            if rest > 0 { text += " \(rest)\(nextName)" }
        }
        return text
    }
}
