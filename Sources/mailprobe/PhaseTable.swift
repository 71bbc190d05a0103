#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import MailTransport

/// One phase's duration as printed and as serialised (`{"name": "ehlo", "ms": 1.234}`).
struct PhaseDuration: Encodable, Equatable {
    var name: String
    var ms: Double

    init(name: String, ms: Double) {
        self.name = name
        self.ms = (ms * 1000).rounded() / 1000
    }
}

/// Phases as a table with proportional bars.
enum PhaseTable {
    /// With `total` nil the phases are summed; a probe passes its own measured total
    /// (its phases overlap and leave gaps, so their sum is not the elapsed time).
    static func render(_ phases: [PhaseDuration], total measured: Double? = nil, width: Int = 40) -> String {
        let longest = phases.map(\.ms).max() ?? 0
        let nameWidth = max(10, phases.map(\.name.count).max() ?? 0)
        var out = ""
        for phase in phases {
            let cells = longest > 0 ? Int((phase.ms / longest * Double(width)).rounded(.up)) : 0
            let name = PlainText.padRight(phase.name, to: nameWidth)
            let ms = PlainText.fixed(phase.ms, decimals: 1, width: 10) + " ms"
            out += "  \(name) \(ms)  \(String(repeating: "█", count: max(cells, phase.ms > 0 ? 1 : 0)))\n"
        }
        let total = measured ?? phases.reduce(0) { $0 + $1.ms }
        out += "  " + PlainText.padRight("total", to: nameWidth) + " " + PlainText.fixed(total, decimals: 1, width: 10) + " ms\n"
        return out
    }
}

/// TLS facts for people and for JSON.
enum TLSFacts {
    struct JSON: Encodable {
        var version: String
        var cipher: String
        var peer_subject: String?
        var issuer: String?
        var not_after: String?
        var days_left: Int?
        var verified: Bool

        init(_ info: TLSSessionInfo) {
            version = info.protocolVersion
            cipher = info.cipher
            peer_subject = info.peerSubject
            issuer = info.peerIssuer
            not_after = info.notAfter.map { TLSFacts.isoDate($0) }
            days_left = info.notAfter.map(TLSFacts.daysLeft)
            verified = info.verified
        }
    }

    static func render(_ info: TLSSessionInfo) -> String {
        var out = "tls:       \(info.protocolVersion) \(info.cipher)\(info.verified ? "" : " (NOT verified)")\n"
        if let subject = info.peerSubject { out += "subject:   \(subject)\n" }
        if let issuer = info.peerIssuer { out += "issuer:    \(issuer)\n" }
        if let notAfter = info.notAfter {
            out += "expires:   \(isoDate(notAfter)) (\(daysLeft(notAfter)) days left)\n"
        }
        return out
    }

    static func daysLeft(_ notAfter: Int64) -> Int {
        Int((notAfter - PlainText.now()) / 86_400)
    }

    static func isoDate(_ seconds: Int64) -> String {
        PlainText.iso8601(secondsSince1970: seconds)
    }
}

enum JSONOutput {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{\"ok\":false}" }
        return String(decoding: data, as: UTF8.self)
    }
}
