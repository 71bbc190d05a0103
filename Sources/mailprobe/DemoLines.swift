import MonitorCore
import Probe

/// The demo's terminal lines: one per run, one per alert notice, one per scenario phase.
///
///     12:00:05  corp-roundtrip                ok          41 ms  slowest retrieve.idle 12 ms
///     12:00:31  corp-partner corp->partner    critical  2563 ms  slowest submit.data_accepted 2501 ms
///     12:00:33  ALERT CRITICAL corp-roundtrip (mailprobe-demo): accepting the message took …
///     12:01:26  corp-roundtrip                critical    12 ms  rcpt_to: 451 4.3.0 … -> http://127.0.0.1:8025/runs/57
///
/// Times are UTC (`HH:MM:SS`).
enum DemoLines {
    /// One run: time, probe (and route), status, total, the slowest phase; a failed run adds its
    /// reason and the link to its page.
    static func run(_ record: ProbeRunRecord, dashboard: String?) -> String {
        let name = record.probe + (record.route.map { " " + $0 } ?? "")
        let status = record.state == .completed ? record.status.rawValue : record.state.rawValue
        var line = time(record.startedAtMs) + "  " + PlainText.padRight(name, to: 30) + " " + PlainText.padRight(status, to: 9)
            + PlainText.fixed(record.durationMs, decimals: 0, width: 6) + " ms"
        if let slowest = record.phases.filter({ $0.name != "total" }).max(by: { $0.ms < $1.ms }) {
            line += "  slowest \(slowest.name) \(PlainText.fixed(slowest.ms, decimals: 0)) ms"
        }
        if !record.ok, let reason = record.mainReason {
            line += "  \(reason.message)"
            if let dashboard, let id = record.id { line += " -> \(dashboard)/runs/\(id)" }
        }
        return line
    }

    /// One alert notice, with its summary: the text the notifiers send first.
    static func notice(_ notice: AlertNotice) -> String {
        // The summary starts with the severity (or RESOLVED); only the other events need naming.
        let event = switch notice.event {
        case .firing, .resolved: ""
        case .escalated, .repeated, .test: notice.event.rawValue + ": "
        }
        return time(notice.atMs) + "  ALERT " + event + notice.summary + (notice.runURL.map { " -> " + $0 } ?? "")
    }

    /// A scenario phase starting.
    static func scenario(_ headline: String, atMs: Int64) -> String {
        time(atMs) + "  " + headline
    }

    /// `HH:MM:SS` of a Unix-ms instant, UTC.
    static func time(_ ms: Int64) -> String {
        let iso = PlainText.iso8601(secondsSince1970: ms / 1000)
        return String(iso.dropFirst(11).prefix(8))
    }
}
