import Testing
@testable import MailTestServer

@Suite struct FaultPlanTests {
    @Test(arguments: [
        ("rcpt_to", "smtp.rcpt_to"), ("smtp.greeting", "smtp.greeting"), ("imap.greeting", "imap.greeting"),
        ("IMAP.FETCH", "imap.fetch"), ("delivery", "delivery"),
    ])
    func phaseNamesParse(_ text: String, _ expected: String) {
        #expect(FaultPhase(parsing: text)?.description == expected)
    }

    @Test(arguments: ["imap.mail_from", "bogus", "imap.", "smtp.fetch"])
    func unknownPhaseNamesAreRejected(_ text: String) {
        #expect(FaultPhase(parsing: text) == nil)
    }

    @Test func everyNthSession() {
        let plan = FaultPlan(every: 2)
        #expect((1...6).filter { plan.affects(session: $0) } == [2, 4, 6])
        #expect((1...3).allSatisfy { FaultPlan().affects(session: $0) })
    }
}
