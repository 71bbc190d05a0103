import ArgumentParser
import Probe

/// Durations as people write them: `250ms`, `10s`, `5m`, `1h`, or bare seconds.
enum DurationText {
    static func parse(_ text: String, what: String) throws -> Duration {
        let trimmed = text.trimming(" ")
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count)
            if let value = Double(number), value >= 0, value.isFinite, !(suffix == "m" && number.hasSuffix("m")) {
                return .milliseconds(Int64((value * scale * 1000).rounded()))
            }
        }
        if let value = Double(trimmed), value >= 0, value.isFinite {
            return .milliseconds(Int64((value * 1000).rounded()))
        }
        throw ValidationError("\(what): \(text) is not a duration (use e.g. 250ms, 10s, 5m, 1h)")
    }

    /// `PHASE=WARNING[,CRITICAL]`.
    static func threshold(_ spec: String) throws -> (String, ProbeThresholds.Limits) {
        guard let equals = spec.firstIndex(of: "=") else {
            throw ValidationError("--threshold \(spec): expected PHASE=WARNING[,CRITICAL]")
        }
        let phase = String(spec[..<equals])
        let values = spec[spec.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
        guard !phase.isEmpty, (1...2).contains(values.count) else {
            throw ValidationError("--threshold \(spec): expected PHASE=WARNING[,CRITICAL]")
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
