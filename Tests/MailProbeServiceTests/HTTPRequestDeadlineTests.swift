@testable import MailProbeService
import Testing

/// The listener's per-request deadline as a script of event -> action, and its connection budget.
struct HTTPRequestDeadlineTests {
    @Test func timedWhileWaitingAndReadingUntimedWhileAnswering() {
        var deadline = HTTPRequestDeadline()
        #expect(deadline.opened() == .arm)
        #expect(deadline.requestHead() == .none, "the head arrives within the same deadline")
        #expect(deadline.requestEnd() == .disarm)
        #expect(deadline.deadlinePassed() == .none, "a deadline that fired as it was cancelled closes nothing")
        #expect(deadline.responseEnd() == .arm, "the next request is due")
        #expect(deadline.deadlinePassed() == .close)
    }

    @Test func aPipelinedRequestIsTimedWhileTheFirstIsAnswered() {
        var deadline = HTTPRequestDeadline()
        _ = deadline.opened()
        _ = deadline.requestHead()
        _ = deadline.requestEnd()
        #expect(deadline.requestHead() == .arm, "a second request starts while the first is answered")
        #expect(deadline.responseEnd() == .none, "still armed for the second")
        #expect(deadline.deadlinePassed() == .close, "the second never ended")
    }

    @Test func twoAnsweredRequestsRearmOnlyAfterTheLast() {
        var deadline = HTTPRequestDeadline()
        _ = deadline.opened()
        _ = deadline.requestHead()
        _ = deadline.requestEnd()
        _ = deadline.requestHead()
        #expect(deadline.requestEnd() == .disarm)
        #expect(deadline.responseEnd() == .none)
        #expect(deadline.responseEnd() == .arm)
    }

    @Test func budgetPerClientAndInAllAndItsSaturationLoggedOnce() {
        let budget = HTTPConnectionBudget(maxConnections: 3, maxPerClient: 2)
        #expect(budget.admit(client: "a") == .admitted)
        #expect(budget.admit(client: "a") == .admitted)
        #expect(budget.admit(client: "a") == .refusedClient(saturatedNow: true))
        #expect(budget.admit(client: "a") == .refusedClient(saturatedNow: false))
        #expect(budget.admit(client: "b") == .admitted)
        #expect(budget.admit(client: "c") == .refusedTotal(saturatedNow: false))
        budget.release(client: "a")
        #expect(budget.openConnections == 2)
        #expect(budget.admit(client: "c") == .admitted)
        #expect(budget.admit(client: "d") == .refusedTotal(saturatedNow: true), "full again after room: logged again")
        for client in ["a", "b", "c"] { budget.release(client: client) }
        #expect(budget.openConnections == 0)
        #expect(budget.admit(client: "a") == .admitted && budget.admit(client: "a") == .admitted, "a's places came back")
    }
}
