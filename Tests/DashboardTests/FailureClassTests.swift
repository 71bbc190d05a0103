import Charts
import Probe
import Testing
@testable import Dashboard

/// The outcome class a run's marker shows: a threshold breach alone is "slow", not an error and not "other failure".
@Suite("Dashboard: failure classes")
struct FailureClassTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var status: ProbeStatus
        var reasons: [ProbeReason]
        var error: ProbeRunRecord.Failure?
        var marker: MarkerKind?
        var testDescription: String { name }
    }

    static let slowData = ProbeReason(.threshold, .critical, phase: "submit.data_accepted", value: 23_400, limit: 20_000,
                                      message: "smtp.data_accepted took 23.4 s, over the critical limit 20 s")
    static let reply451 = ProbeRunRecord.Reply(code: 451, enhanced: "4.3.0", text: "Temporary lookup failure")
    static let rejected = ProbeReason(.smtpRejected, .warning, phase: "submit.rcpt_to", message: "RCPT TO refused", reply: reply451)

    static let cases = [
        Case(name: "ok", status: .ok, reasons: [], marker: nil),
        Case(name: "critical threshold breach only", status: .critical, reasons: [slowData], marker: .slow),
        Case(name: "warning threshold breach only", status: .warning,
             reasons: [ProbeReason(.threshold, .warning, phase: "delivery", value: 70_000, limit: 60_000,
                                   message: "delivery took 70 s, over the warning limit 60 s")], marker: .slow),
        Case(name: "rejection beside a slow phase", status: .warning, reasons: [slowData, rejected],
             error: .init(phase: "submit.rcpt_to", code: "smtp_rejected", message: "RCPT TO refused", reply: reply451),
             marker: .rejected4xx),
        Case(name: "timeout after a slow phase", status: .critical,
             reasons: [slowData, ProbeReason(.timeout, .critical, phase: "retrieve.search", message: "no reply in 30 s")],
             error: .init(phase: "retrieve.search", code: "timeout", message: "no reply in 30 s"), marker: .timeout),
        Case(name: "late, not slow", status: .warning,
             reasons: [ProbeReason(.late, .warning, phase: "delivery", message: "arrived after 5 min")], marker: .late),
        Case(name: "certificate expiring", status: .warning,
             reasons: [ProbeReason(.certificateExpiring, .warning, message: "expires in 3 days")], marker: .other),
        Case(name: "failed without a reason", status: .unknown, reasons: [], marker: .other),
    ]

    @Test(arguments: cases) func classifies(_ c: Case) {
        var record = ProbeRunRecord(probe: "corp-roundtrip", kind: .roundTrip, startedAtMs: 1_000, status: c.status, reasons: c.reasons)
        record.error = c.error
        #expect(FailureClass.marker(of: record) == c.marker)
    }

    @Test func slowHasItsOwnWordsAndShape() {
        #expect(FailureClass.words(.slow) == "slow (over a threshold)")
        #expect(FailureClass.words(.slow) != FailureClass.words(.other))
        let shapes = MarkerKind.allCases.filter { $0 != .slow }.map(\.shapeName)
        #expect(!shapes.contains(MarkerKind.slow.shapeName))
    }
}
