import Foundation
import MonitorCore

/// The RFC 5322 message an e-mail notifier sends: the summary as Subject, the detail, server reply, since and link as body.
///
///     Date: Wed, 01 Jan 2025 00:00:00 +0000
///     Message-ID: <mailprobe-alert-7-firing-1735689600000.3f2a…@example.com>
///     From: <mailprobe@example.com>
///     To: <oncall@example.com>
///     Subject: =?UTF-8?B?…?=
///     MIME-Version: 1.0
///     Content-Type: text/plain; charset=utf-8
///     Content-Transfer-Encoding: 8bit
enum EmailMessage {
    /// The whole message with CRLF line ends.
    static func render(_ notice: AlertNotice, from: String, to: [String], token: String = randomToken()) -> [UInt8] {
        let domain = from.split(separator: "@").last.map(String.init) ?? "mailprobe.invalid"
        let body = bodyText(notice)
        let ascii = body.utf8.allSatisfy { $0 < 0x80 }
        let headers = [
            "Date: \(rfc5322Date(milliseconds: notice.atMs))",
            "Message-ID: <mailprobe-alert-\(notice.alertID)-\(notice.event.rawValue)-\(notice.atMs).\(token)@\(headerSafe(domain))>",
            "From: <\(headerSafe(from))>",
            "To: " + to.map { "<\(headerSafe($0))>" }.joined(separator: ", "),
            "Subject: " + encodedWords(headerSafe(notice.summary)),
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: " + (ascii ? "7bit" : "8bit"),
            "X-MailProbe-Alert: \(notice.alertID); event=\(notice.event.rawValue); severity=\(notice.severity.rawValue)",
        ]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    /// Detail, server reply, since, probe and link, lines ending in CRLF, none longer than 998 bytes.
    static func bodyText(_ notice: AlertNotice) -> String {
        var lines = [notice.detail, ""]
        if let reply = notice.serverReply, !reply.isEmpty { lines.append("Server reply: \(reply)") }
        let since = notice.event == .test ? nil : "Since: \(rfc5322Date(milliseconds: notice.sinceMs))"
        lines += [since, "Probe: \(notice.key)", notice.location.map { "Location: \($0)" },
                  notice.phase.map { "Phase: \($0)" }, "Event: \(notice.event.rawValue), \(notice.severity.rawValue)"]
            .compactMap { $0 }
        if let link = notice.runURL { lines += ["", "Run: \(link)"] }
        let normalized = lines.joined(separator: "\n")
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { wrap(String($0), limit: 998) }
        return normalized.joined(separator: "\r\n") + "\r\n"
    }

    /// A header value on one line: CR, LF and other controls become spaces.
    static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }

    /// The text itself when printable ASCII, else RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters
    /// (whole characters each), folded onto continuation lines.
    static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !text.contains("=?") { return text }
        // 75 - len("=?UTF-8?B?" + "?=") = 63 base64 characters = 45 bytes of UTF-8 at most.
        var words: [[UInt8]] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append(chunk)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// Splits a line longer than `limit` UTF-8 bytes at character boundaries.
    static func wrap(_ line: String, limit: Int) -> [String] {
        guard line.utf8.count > limit else { return [line] }
        var pieces: [String] = []
        var current = ""
        var size = 0
        for character in line {
            let width = String(character).utf8.count
            if size + width > limit {
                pieces.append(current)
                current = ""
                size = 0
            }
            current.append(character)
            size += width
        }
        pieces.append(current)
        return pieces
    }

    static func rfc5322Date(milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 16)
    }
}
