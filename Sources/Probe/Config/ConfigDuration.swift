/// The one duration grammar of flags and config: `500ms`, `30s`, `1.5s`, `5m`, `1h`, `30d`,
/// `1m30s`, and a bare number of seconds (`90`, `2.5`).
public enum ConfigDuration {
    /// The longest duration a probe setting may have.
    public static let maximum: Duration = .seconds(7 * 86_400)
    /// The longest any duration may be (retention periods): about ten years.
    public static let longest: Duration = .seconds(3650 * 86_400)

    // duration = number / 1*(number unit)
    // number   = 1*DIGIT ["." 1*DIGIT]
    // unit     = "ms" / "s" / "m" / "h" / "d"
    public static func parse(_ text: String) -> Duration? {
        var chars = Substring(text)
        guard !chars.isEmpty else { return nil }
        var totalNanoseconds: Int64 = 0
        var first = true
        while !chars.isEmpty {
            let whole = chars.prefix(while: \.isASCIIDigit)
            guard !whole.isEmpty, whole.count <= 9, let wholeValue = Int64(whole) else { return nil }
            chars = chars.dropFirst(whole.count)
            var fraction: Substring = ""
            if chars.first == "." {
                fraction = chars.dropFirst().prefix(while: \.isASCIIDigit)
                guard !fraction.isEmpty, fraction.count <= 9 else { return nil }
                chars = chars.dropFirst(1 + fraction.count)
            }
            let unit: Int64
            if chars.isEmpty, first {
                unit = 1_000_000_000
            } else if chars.hasPrefix("ms") {
                unit = 1_000_000
                chars = chars.dropFirst(2)
            } else if let first = chars.first, let scale = units[first] {
                unit = scale
                chars = chars.dropFirst()
            } else {
                return nil
            }
            first = false
            var fractionValue: Int64 = 0
            var fractionScale: Int64 = 1
            for digit in fraction.utf8 {
                fractionValue = fractionValue * 10 + Int64(digit - 48)
                fractionScale *= 10
            }
            // Each part is checked against the limit before it is added: no sum can overflow.
            let (product, overflow) = wholeValue.multipliedReportingOverflow(by: unit)
            guard !overflow, product <= longestNanoseconds else { return nil }
            // fraction × unit may exceed 64 bits (0.999999999d); the quotient (< unit) never does.
            let fractionNanoseconds = fractionScale.dividingFullWidth(fractionValue.multipliedFullWidth(by: unit)).quotient
            let part = product + fractionNanoseconds
            guard part <= longestNanoseconds - totalNanoseconds else { return nil }
            totalNanoseconds += part
        }
        return .nanoseconds(totalNanoseconds)
    }

    private static let longestNanoseconds: Int64 = 1_000_000_000 * 86_400 * 3650

    private static let units: [Character: Int64] = [
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000, "d": 86_400_000_000_000,
    ]

    /// The shortest exact spelling of a duration of zero or more: `30s`, `5m`, `1m30s`, `250ms`,
    /// `30d`, and fractional milliseconds to the nanosecond (`1.5ms`).
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        let subMillisecondNanoseconds = attoseconds % 1_000_000_000_000_000 / 1_000_000_000
        if subMillisecondNanoseconds != 0 {
            var digits = String(subMillisecondNanoseconds)
            digits = String(repeating: "0", count: 6 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            return "\(seconds * 1000 + milliseconds).\(digits)ms"
        }
        if seconds == 0 { return "\(milliseconds)ms" }
        if milliseconds != 0 { return "\(seconds * 1000 + milliseconds)ms" }
        var rest = seconds
        var text = ""
        if rest >= 86_400, rest % 86_400 == 0 { return "\(rest / 86_400)d" }
        if rest >= 3600 { text += "\(rest / 3600)h"; rest %= 3600 }
        if rest >= 60 { text += "\(rest / 60)m"; rest %= 60 }
        if rest > 0 { text += "\(rest)s" }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
