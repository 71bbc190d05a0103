import Glibc
import MailCore

/// The message a probe sends: a unique token in `X-MailProbe-Id`, the Message-ID
/// and the Subject, and an MD5 of the body to tell a corrupted delivery.
public struct ProbeMessage: Sendable, Hashable {
    public static let tokenHeader = "X-MailProbe-Id"
    public static let checksumHeader = "X-MailProbe-Checksum"

    public var token: String
    public var bytes: [UInt8]
    public var bodyChecksum: String

    public init(token: String = ProbeMessage.makeToken(), from: String, to: String, location: String? = nil,
                now: Int64 = Int64(time(nil))) {
        self.token = token
        let domain = from.split(separator: "@").last.map(String.init) ?? "mailprobe.invalid"
        var body = "MailProbe round-trip probe \(token).\r\n"
        body += "This message checks that mail is delivered; it deletes itself once seen.\r\n"
        if let location { body += "Sent from: \(location)\r\n" }
        let checksum = MD5.hash(Array(body.utf8)).hexString
        self.bodyChecksum = checksum
        let headers = [
            "Date: \(Self.rfc5322Date(now))",
            "From: <\(from)>",
            "To: <\(to)>",
            "Subject: MailProbe \(token)",
            "Message-ID: <\(token)@mailprobe.\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=us-ascii",
            "\(Self.tokenHeader): \(token)",
            "\(Self.checksumHeader): md5=\(checksum)",
        ]
        bytes = Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    /// 128 random bits as 32 hex digits.
    public static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// Checks a fetched copy: the token header and the body checksum must match.
    /// Returns nil when intact, else what is wrong.
    public func verify(_ fetched: [UInt8]) -> String? {
        guard let split = Self.headerEnd(fetched) else { return "the fetched message has no header/body separator" }
        let headers = String(decoding: fetched[..<split.headerEnd], as: UTF8.self)
        guard headers.contains("\(Self.tokenHeader): \(token)") else {
            return "the \(Self.tokenHeader) header is missing or altered"
        }
        var body = Array(fetched[split.bodyStart...])
        // Servers may add a final CRLF; the probe body ends with one already.
        while body.count >= 4, body.suffix(4) == [13, 10, 13, 10] { body.removeLast(2) }
        let checksum = MD5.hash(body).hexString
        guard checksum == bodyChecksum else { return "the body checksum differs (md5 \(checksum), sent \(bodyChecksum))" }
        return nil
    }

    static func headerEnd(_ bytes: [UInt8]) -> (headerEnd: Int, bodyStart: Int)? {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 10 {
                if bytes[index + 1] == 10 { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    static func rfc5322Date(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }
}
