/// Durations as written in the config: `500ms`, `30s`, `1.5s`, `5m`, `1h`, `1m30s`.
enum ConfigDuration {
    static let maximum: Duration = .seconds(7 * 86_400)

    // duration = 1*(number unit)
    // number   = 1*DIGIT ["." 1*DIGIT]
    // unit     = "ms" / "s" / "m" / "h"
    static func parse(_ text: String) -> Duration? {
        var chars = Substring(text)
        guard !chars.isEmpty else { return nil }
        var totalNanoseconds: Int64 = 0
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
            if chars.hasPrefix("ms") {
                unit = 1_000_000
                chars = chars.dropFirst(2)
            } else if let first = chars.first, let scale = ["s": Int64(1_000_000_000), "m": 60_000_000_000, "h": 3_600_000_000_000][first] {
                unit = scale
                chars = chars.dropFirst()
            } else {
                return nil
            }
            var fractionValue: Int64 = 0
            var fractionScale: Int64 = 1
            for digit in fraction {
                fractionValue = fractionValue * 10 + Int64(digit.asciiValue! - 48)
                fractionScale *= 10
            }
            let (product, overflow) = wholeValue.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            totalNanoseconds += product + fractionValue * (unit / fractionScale)
            guard totalNanoseconds <= 1_000_000_000 * 86_400 * 365 else { return nil }
        }
        return .nanoseconds(totalNanoseconds)
    }

    /// The shortest exact spelling: `30s`, `5m`, `1m30s`, `250ms`.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if seconds == 0 { return "\(milliseconds)ms" }
        if milliseconds != 0 { return "\(seconds * 1000 + milliseconds)ms" }
        var rest = seconds
        var text = ""
        if rest >= 3600 { text += "\(rest / 3600)h"; rest %= 3600 }
        if rest >= 60 { text += "\(rest / 60)m"; rest %= 60 }
        if rest > 0 { text += "\(rest)s" }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
