#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds a small RFC 5322 message for probes.
enum MessageComposer {
    static func compose(from: String, to: [String], subject: String, body: String, extraHeaders: [(String, String)] = []) -> [UInt8] {
        let domain = from.split(separator: "@").last.map(String.init) ?? "mailprobe.invalid"
        let token = UUID().uuidString.lowercased()
        var headers: [(String, String)] = [
            ("Date", PlainText.rfc5322Date(secondsSince1970: PlainText.now())),
            ("From", "<\(from)>"),
            ("To", to.map { "<\($0)>" }.joined(separator: ", ")),
            ("Subject", subject),
            ("Message-ID", "<\(token)@\(domain)>"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("X-Mailer", "MailProbe"),
        ]
        headers.append(contentsOf: extraHeaders)
        var text = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        text += "\r\n" + body
        return Array(text.utf8)
    }

    /// True when the text begins with something shaped like a header field.
    static func startsWithHeaders(_ text: String) -> Bool {
        guard let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first,
              let colon = line.firstIndex(of: ":") else { return false }
        let name = line[..<colon]
        return !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
