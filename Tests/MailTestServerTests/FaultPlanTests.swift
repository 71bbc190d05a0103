import Testing
@testable import MailTestServer

@Suite struct FaultPlanTests {
    @Test(arguments: [
        ("rcpt_to", "smtp.rcpt_to"), ("smtp.greeting", "smtp.greeting"), ("imap.greeting", "imap.greeting"),
        ("IMAP.FETCH", "imap.fetch"), ("delivery", "delivery"), ("select", "imap.select"), ("fetch", "imap.fetch"),
        ("capability", "imap.capability"), ("idle", "imap.idle"), ("data_accepted", "smtp.data_accepted"), ("EHLO", "smtp.ehlo"),
    ])
    func phaseNamesParse(_ text: String, _ expected: String) {
        #expect(FaultPhase(parsing: text)?.description == expected)
    }

    @Test(arguments: ["imap.mail_from", "bogus", "imap.", "smtp.fetch", "greeting", "auth", "starttls", "noop"])
    func unknownPhaseNamesAreRejected(_ text: String) {
        #expect(FaultPhase(parsing: text) == nil)
    }

    @Test func aBareNameBothProtocolsHaveAsksForThePrefix() throws {
        var plan = FaultPlan()
        #expect(throws: FaultPlan.ParseError.self) { try plan.addDelay("auth=2s") }
        do {
            try plan.addDelay("auth=2s")
        } catch {
            #expect(error.description == "--delay auth: both SMTP and IMAP have a phase named auth; write smtp.auth or imap.auth")
        }
        do {
            try plan.addDelay("selct=2s")
        } catch {
            #expect(error.description.hasPrefix("--delay selct: unknown phase; SMTP: "), "\(error)")
            #expect(error.description.hasSuffix("The names both have (auth, greeting, noop, starttls) take a smtp. or imap. prefix"), "\(error)")
        }
        try plan.addDelay("select=200ms")
        try plan.addDelay("smtp.auth=1s")
        #expect(plan.faults(for: .imap("select"))?.delay == .milliseconds(200))
        #expect(plan.faults(for: .smtp("auth"))?.delay == .seconds(1))
    }

    @Test func everyNthSession() {
        let plan = FaultPlan(every: 2)
        #expect((1...6).filter { plan.affects(session: $0) } == [2, 4, 6])
        #expect((1...3).allSatisfy { FaultPlan().affects(session: $0) })
    }
}
