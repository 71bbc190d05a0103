import MailTransport

/// Monitoring-plugin output (Nagios plugin guidelines, also read by Icinga,
/// Checkmk and Zabbix): one status line, then perfdata for every phase.
///
///     MAILPROBE OK - round trip 1.23 s, delivery 12 ms | 'submit_data_accepted'=0.042s;10;20;0; 'delivery'=0.012s;60;300;0;
public enum PluginOutput {
    public static func render(status: ProbeStatus, summary: String, reasons: [ProbeReason], phases: [ProbePhase],
                              thresholds: ProbeThresholds) -> String {
        var line = "MAILPROBE \(status.rawValue.uppercased()) - \(summary)"
        let problems = reasons.filter { $0.status != .ok }
        if !problems.isEmpty {
            line += "; " + problems.map(\.message).joined(separator: "; ")
        }
        line = line.replacingPipes()
        var seen: [String: Int] = [:]
        let perfdata = phases.map { phase -> String in
            let limits = thresholds.phases[phase.name]
            // Labels must be unique: a second EHLO (after STARTTLS) or RCPT is `ehlo_2`, `rcpt_to_2`.
            seen[phase.name, default: 0] += 1
            let count = seen[phase.name]!
            let name = label(phase.name) + (count > 1 ? "_\(count)" : "")
            return "'\(name)'=\(seconds(phase.duration))s;\(limits?.warning.map(seconds) ?? "");\(limits?.critical.map(seconds) ?? "");0;"
        }
        return perfdata.isEmpty ? line : line + " | " + perfdata.joined(separator: " ")
    }

    /// Perfdata labels: the phase name with `.` as `_`, no quotes or `=`.
    static func label(_ name: String) -> String {
        String(name.map { $0 == "." || $0 == "'" || $0 == "=" || $0 == " " ? "_" : $0 })
    }

    /// Seconds with up to six decimals, no exponent.
    public static func seconds(_ duration: Duration) -> String {
        let micros = Int64((duration.milliseconds * 1000).rounded())
        let whole = micros / 1_000_000
        var fraction = String(micros % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}

extension String {
    /// `|` separates perfdata: it must not appear in the status text.
    func replacingPipes() -> String {
        String(map { $0 == "|" ? "/" : $0 })
    }
}
