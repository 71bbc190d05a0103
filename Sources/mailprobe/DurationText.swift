import ArgumentParser
import Probe

/// Durations as people write them: `250ms`, `10s`, `5m`, `1h`, or bare seconds.
enum DurationText {
    static func parse(_ text: String, what: String) throws -> Duration {
        guard let duration = ConfigDuration.parse(text.trimming(" ")) else {
            throw ValidationError("\(what): \(text) is not a duration (use e.g. 250ms, 10s, 1m30s, 5m, 1h, or seconds)")
        }
        return duration
    }

    /// `PHASE=WARNING[,CRITICAL]`.
    static func threshold(_ spec: String, phases known: [String] = ProbeConfigFile.knownPhaseNames) throws -> (String, ProbeThresholds.Limits) {
        guard let equals = spec.firstIndex(of: "=") else {
            throw ValidationError("--threshold \(spec): expected PHASE=WARNING[,CRITICAL]")
        }
        let phase = String(spec[..<equals])
        let values = spec[spec.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
        guard !phase.isEmpty, (1...2).contains(values.count) else {
            throw ValidationError("--threshold \(spec): expected PHASE=WARNING[,CRITICAL]")
        }
        guard known.contains(phase) else {
            throw ValidationError("--threshold \(spec): unknown phase \"\(phase)\"; expected one of " + known.joined(separator: ", "))
        }
        let warning = values[0].isEmpty ? nil : try parse(String(values[0]), what: "--threshold \(phase)")
        let critical = values.count > 1 && !values[1].isEmpty ? try parse(String(values[1]), what: "--threshold \(phase)") : nil
        return (phase, ProbeThresholds.Limits(warning: warning, critical: critical))
    }
}

extension String {
    func trimming(_ set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
