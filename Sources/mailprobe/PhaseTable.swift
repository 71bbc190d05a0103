#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import MailTransport
import Probe

/// One phase's duration as printed, in milliseconds to the microsecond.
struct PhaseDuration: Equatable {
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

/// TLS facts for people.
enum TLSFacts {
    static func render(_ info: TLSSessionInfo) -> String {
        render(RunTLSFacts(info, nowUnix: PlainText.now()))
    }

    static func render(_ facts: RunTLSFacts) -> String {
        var out = "tls:       \(facts.version) \(facts.cipher)\(facts.verified ? "" : " (NOT verified)")\n"
        if let subject = facts.peerSubject { out += "subject:   \(subject)\n" }
        if let issuer = facts.issuer { out += "issuer:    \(issuer)\n" }
        if let notAfter = facts.notAfter {
            out += "expires:   \(notAfter)" + (facts.daysLeft.map { " (\($0) days left)" } ?? "") + "\n"
        }
        return out
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
