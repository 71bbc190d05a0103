import MonitorCore
import Probe
import Testing

/// The exact words of notices: reasons, phases, values, endpoints.
@Suite struct AlertWordingTests {
    static let reply550 = ProbeRunRecord.Reply(code: 550, enhanced: "5.1.1", text: "user unknown")

    static let reasons: [(ProbeReason, String)] = [
        (AlertFixtures.slowAccept, AlertFixtures.acceptWords),
        (ProbeReason(.threshold, .warning, phase: "submit.connect", value: 850.4, limit: 500, message: "slow"),
         "connecting to the SMTP server took 850 ms (warning > 500 ms) at submit.connect, smtp.corp.example:587"),
        (ProbeReason(.smtpRejected, .critical, phase: "submit.rcpt_to", message: "rejected", reply: reply550),
         "the SMTP recipient (RCPT TO) was refused: 550 5.1.1 user unknown at submit.rcpt_to, smtp.corp.example:587"),
        (ProbeReason(.authFailed, .critical, phase: "submit.auth", message: "535",
                     reply: .init(code: 535, enhanced: "5.7.8", text: "Authentication credentials invalid")),
         "SMTP login failed: 535 5.7.8 Authentication credentials invalid at submit.auth, smtp.corp.example:587"),
        (ProbeReason(.authFailed, .critical, phase: "retrieve.auth", message: "NO", reply: .init(code: nil, enhanced: nil, text: "NO [AUTHENTICATIONFAILED] bad")),
         "IMAP login failed: NO [AUTHENTICATIONFAILED] bad at retrieve.auth, imap.corp.example:993"),
        (ProbeReason(.timeout, .critical, phase: "imap.select", value: 30_000, message: "timed out"),
         "opening the mailbox timed out after 30 s at imap.select, imap.corp.example:993"),
        (ProbeReason(.late, .warning, phase: "delivery", value: 95_200, limit: 60_000, message: "late"),
         "delivery took 1m 35s (warning > 1m)"),
        (ProbeReason(.lost, .critical, phase: "delivery", message: "the probe message did not arrive within 300.0 s"),
         "delivery: the probe message did not arrive within 300.0 s"),
        (ProbeReason(.threshold, .critical, phase: "total", value: 61_000, limit: 60_000, message: "slow"),
         "the round trip took 1m 1s (critical > 1m)"),
        (ProbeReason(.corrupted, .critical, phase: "retrieve.fetch", message: "the token does not match"),
         "fetching the message: the token does not match at retrieve.fetch, imap.corp.example:993"),
        (ProbeReason(.failed, .critical, phase: "weird.step", message: "boom"), "weird.step: boom at weird.step"),
        (ProbeReason(.invalid, .critical, message: "no account configured"), "no account configured"),
    ]

    @Test(arguments: reasons)
    func reasonInWords(reason: ProbeReason, words: String) {
        let run = AlertFixtures.run(reason.status, reasons: [reason])
        #expect(AlertWording.words(for: reason, in: run) == words)
    }

    @Test func summaryAndRecovery() {
        let key = AlertKey(probe: "transit", route: "corp->gmail")
        #expect(AlertWording.summary(.warning, key: key, location: nil, words: "delivery took 95.2 s")
            == "WARNING transit corp->gmail: delivery took 95.2 s")
        let cause = AlertCause(severity: .critical, reasonKind: "lost", words: "delivery: lost", detail: "lost")
        #expect(AlertWording.recovery(key: key, afterMs: 3_723_000, was: cause)
            == "RESOLVED transit corp->gmail: ok again after 1h 2m (was critical: delivery: lost)")
    }

    @Test(arguments: [(0.4, "0 ms"), (999.4, "999 ms"), (1000, "1 s"), (23_449, "23.4 s"), (23_450, "23.5 s"),
                      (59_940, "59.9 s"), (59_960, "1m"), (312_000, "5m 12s")])
    func measuredValues(ms: Double, text: String) {
        #expect(AlertWording.measured(ms: ms) == text)
    }

    @Test(arguments: [(Int64(0), "0s"), (45_000, "45s"), (900_000, "15m"), (750_000, "12m 30s"), (3_900_000, "1h 5m"),
                      (183_600_000, "2d 3h"), (-5, "0s")])
    func elapsedTimes(ms: Int64, text: String) {
        #expect(AlertWording.elapsed(ms: ms) == text)
    }

    @Test func phaseWordsAndEndpoints() {
        #expect(AlertWording.phaseWords("submit.data_accepted") == "accepting the message")
        #expect(AlertWording.phaseWords("submit.connect") == "connecting to the SMTP server")
        #expect(AlertWording.phaseWords("submit.auth") == "SMTP login")
        #expect(AlertWording.phaseWords("retrieve.connect") == "connecting to the IMAP server")
        #expect(AlertWording.phaseWords("imap.auth") == "IMAP login")
        #expect(AlertWording.phaseWords("total") == "the round trip")
        #expect(AlertWording.phaseWords("submit.unheard_of") == "submit.unheard_of")
        #expect(AlertWording.endpoint(for: "submit.ehlo", in: AlertFixtures.endpoints) == "smtp.corp.example:587")
        #expect(AlertWording.endpoint(for: "retrieve.search", in: AlertFixtures.endpoints) == "imap.corp.example:993")
        #expect(AlertWording.endpoint(for: "delivery", in: AlertFixtures.endpoints) == nil)
        #expect(AlertWording.endpoint(for: "submit.ehlo", in: [:]) == nil)
        #expect(AlertWording.serverReply(.init(code: 451, enhanced: nil, text: "try\nlater")) == "451 try later")
        #expect(AlertWording.serverReply(nil) == nil)
        #expect(AlertWording.noData(intervals: 1, windowMs: 60_000) == "no run recorded for 1 interval (1m)")
    }

    @Test func noticeCarriesTheServerReply() {
        let reason = ProbeReason(.smtpRejected, .critical, phase: "submit.rcpt_to", message: "RCPT TO refused", reply: Self.reply550)
        var engine = AlertFixtures.engine([AlertFixtures.watch(policy: AlertPolicy(forRuns: 1), location: nil)])
        let notice = engine.record(AlertFixtures.run(.critical, reasons: [reason]), now: AlertFixtures.t0).notices.first
        #expect(notice?.serverReply == "550 5.1.1 user unknown")
        #expect(notice?.reasonKind == "smtp_rejected")
        #expect(notice?.summary == "CRITICAL corp-roundtrip: the SMTP recipient (RCPT TO) was refused: 550 5.1.1 user unknown at submit.rcpt_to, smtp.corp.example:587")
    }
}
