#if canImport(Glibc)
import Glibc
#endif
import MailCore

/// Small formatting and system helpers that `mailprobe` would otherwise take from
/// Foundation: loading Foundation and ICU costs more start-up time than a whole
/// SMTP session on loopback (see BENCHMARKS.md).
enum PlainText {
    /// `value` with exactly `decimals` digits after the point, rounded half away
    /// from zero, right-aligned in `width` characters (`%width.decimalsf`).
    static func fixed(_ value: Double, decimals: Int = 1, width: Int = 0) -> String {
        var text: String
        if !value.isFinite {
            text = value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")
        } else {
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
            if scaled >= 9.0e18 {
                text = "\(value)"
            } else {
                let units = UInt64(scaled)
                let divisor = UInt64(scale)
                text = "\(units / divisor)"
                if decimals > 0 {
                    let fraction = "\(units % divisor)"
                    text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
                }
                if value < 0, units > 0 { text = "-" + text }
            }
        }
        return padLeft(text, to: width)
    }

    static func padLeft(_ text: String, to width: Int, with pad: Character = " ") -> String {
        let count = text.count
        return count >= width ? text : String(repeating: pad, count: width - count) + text
    }

    /// `text` cut or padded with spaces to exactly `width` characters.
    static func padRight(_ text: String, to width: Int) -> String {
        let count = text.count
        if count >= width { return String(text.prefix(width)) }
        return text + String(repeating: " ", count: width - count)
    }

    // MARK: - Dates (UTC, proleptic Gregorian)

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func split(_ seconds: Int64) -> (days: Int64, hour: Int, minute: Int, second: Int) {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        return (days, Int(rest / 3600), Int(rest % 3600 / 60), Int(rest % 60))
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// RFC 5322 §3.3 date-time in UTC: `Sun, 29 Nov 2026 05:12:35 +0000`.
    static func rfc5322Date(secondsSince1970 seconds: Int64) -> String {
        let (days, hour, minute, second) = split(seconds)
        let (year, month, day) = CivilCalendar.date(days: days)
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) \(two(hour)):\(two(minute)):\(two(second)) +0000"
    }

    /// ISO 8601 in UTC with seconds: `2029-03-03T04:40:45Z`.
    static func iso8601(secondsSince1970 seconds: Int64) -> String {
        let (days, hour, minute, second) = split(seconds)
        let (year, month, day) = CivilCalendar.date(days: days)
        let yearText = year >= 0 && year < 10_000 ? padLeft("\(year)", to: 4, with: "0") : "\(year)"
        return "\(yearText)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))Z"
    }

    // MARK: - System

    /// Seconds since 1970 now, from the real-time clock.
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }

    /// This machine's name (gethostname; no DNS lookup, unlike `ProcessInfo.hostName`).
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    /// The value of an environment variable, if set.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static func isReadableFile(_ path: String) -> Bool {
        access(path, R_OK) == 0
    }

    /// The whole file, or nil when it cannot be read. For small files (secrets, message bodies).
    static func readFile(_ path: String, limit: Int = 64 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit { return nil }
        }
    }
}
