import MailCore

/// How the pages write numbers and instants: durations with their unit, UTC times, percentages.
enum DashboardFormat {
    /// `850 ms`, `1.25 s`, `2.5 min`; `–` for nothing.
    static func duration(_ ms: Double?) -> String {
        guard let ms, ms.isFinite else { return "–" }
        switch abs(ms) {
        case ..<10: return "\(decimals(ms, 2)) ms"
        case ..<1000: return "\(Int(ms.rounded())) ms"
        case ..<60_000: return "\(decimals(ms / 1000, 2)) s"
        case ..<3_600_000: return "\(decimals(ms / 60_000, 1)) min"
        default: return "\(decimals(ms / 3_600_000, 1)) h"
        }
    }

    /// `99.95 %`; `–` without runs.
    static func percent(_ ratio: Double?) -> String {
        guard let ratio, ratio.isFinite else { return "–" }
        return "\(decimals(ratio * 100, 2)) %"
    }

    /// `2026-12-03 14:05:09 UTC`.
    static func time(_ ms: Int64) -> String {
        let (days, inDay) = floorDivide(ms, 86_400_000)
        let date = CivilCalendar.date(days: days)
        let seconds = inDay / 1000
        return "\(date.year)-\(pad(date.month))-\(pad(date.day)) \(pad(Int(seconds / 3600))):\(pad(Int(seconds / 60 % 60))):\(pad(Int(seconds % 60))) UTC"
    }

    /// `2026-12-03T14:05:09Z` (RFC 3339, what the range form takes back).
    static func rfc3339(_ ms: Int64) -> String {
        let text = time(ms)
        return text.prefix(10) + "T" + text.dropFirst(11).prefix(8) + "Z"
    }

    /// A number with at most `places` decimals, trailing zeros dropped: `1.5`, `12`, `0.25`.
    static func decimals(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return value < 0 ? "-\(Int64(abs(value)))" : "\(Int64(value))" }
        let whole = Int64(scaled) / Int64(scale), fraction = Int64(scaled) % Int64(scale)
        var text = (value < 0 && scaled > 0 ? "-" : "") + "\(whole)"
        if fraction > 0 {
            var digits = String(fraction)
            while digits.count < places { digits = "0" + digits }
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
