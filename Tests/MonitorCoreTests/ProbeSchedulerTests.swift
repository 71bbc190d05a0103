import MonitorCore
import Testing

/// Scheduler scripts: each event (configure, tick, run finished) and the actions it must return.
@Suite struct ProbeSchedulerTests {
    typealias Action = ProbeScheduler.Action
    typealias Ticket = ProbeScheduler.RunTicket

    static func job(_ name: String, every interval: Duration = .seconds(60), deadline: Duration = .seconds(30)) -> ProbeScheduler.Job {
        ProbeScheduler.Job(name: name, interval: interval, runDeadline: deadline)
    }

    static func s(_ seconds: Int) -> Duration { .seconds(seconds) }

    /// A scheduler with `jobs` configured at zero; scripts read the splayed dues back.
    static func scheduler(_ jobs: [ProbeScheduler.Job], concurrency: Int = 4) throws -> ProbeScheduler {
        var scheduler = ProbeScheduler(concurrency: concurrency)
        _ = try scheduler.configure(jobs, now: .zero)
        return scheduler
    }

    func started(_ actions: [Action]) -> [Ticket] {
        actions.compactMap { if case .start(_, let run) = $0 { run } else { nil } }
    }

    func wakeUps(_ actions: [Action]) -> [Duration] {
        actions.compactMap { if case .wakeUp(let at) = $0 { at } else { nil } }
    }

    @Test func splaySpreadsAThousandFirstRunsOverTheInterval() throws {
        let interval = Self.s(300)
        var scheduler = ProbeScheduler(concurrency: 1000, seed: 7)
        let actions = try scheduler.configure((0..<1000).map { Self.job("probe-\($0)", every: interval) }, now: .zero)
        let dues = (0..<1000).compactMap { scheduler.nextDue(of: "probe-\($0)") }
        #expect(dues.count == 1000)
        #expect(dues.allSatisfy { $0 >= .zero && $0 < interval })
        let milliseconds = dues.map { Int($0 / .milliseconds(1)) }
        let perMillisecond = Dictionary(grouping: milliseconds, by: { $0 }).values.map(\.count)
        #expect(perMillisecond.filter { $0 > 1 }.count <= 10, "first runs must not bunch at the same instant")
        // Spread over the whole interval: every tenth of it holds some first runs, none holds a third of them.
        let tenths = Dictionary(grouping: dues, by: { Int($0 / (interval / 10)) }).mapValues(\.count)
        #expect(tenths.keys.sorted() == Array(0..<10))
        #expect(tenths.values.allSatisfy { $0 > 50 && $0 < 150 })
        #expect(actions == [.wakeUp(at: try #require(dues.min()))])
    }

    @Test func splayIsStableAndDependsOnNameAndSeed() {
        let a = ProbeScheduler.splayOffset(for: "corp-roundtrip", interval: Self.s(60), seed: 0)
        #expect(a == ProbeScheduler.splayOffset(for: "corp-roundtrip", interval: Self.s(60), seed: 0))
        #expect(a != ProbeScheduler.splayOffset(for: "corp-roundtrip", interval: Self.s(60), seed: 1))
        #expect(a != ProbeScheduler.splayOffset(for: "corp-roundtrip2", interval: Self.s(60), seed: 0))
        #expect(a >= .zero && a < Self.s(60))
    }

    @Test func runsFollowTheIntervalWithoutDrift() throws {
        var scheduler = try Self.scheduler([Self.job("a", every: Self.s(60))])
        let first = try #require(scheduler.nextDue(of: "a"))
        // The tick comes 700 ms late and the run takes 20 s: the next slot still is first + 60 s.
        let late = first + .milliseconds(700)
        let actions = scheduler.tick(now: late)
        let ticket = try #require(started(actions).first)
        #expect(ticket == Ticket(id: 1, job: "a", dueAt: first, startedAt: late))
        #expect(ticket.lateness == .milliseconds(700))
        #expect(wakeUps(actions) == [late + Self.s(30)], "the run's deadline comes before the next slot")
        #expect(scheduler.runFinished(ticket, now: late + Self.s(20)) == [.wakeUp(at: first + Self.s(60))])
        let second = scheduler.tick(now: first + Self.s(60))
        #expect(started(second).map(\.dueAt) == [first + Self.s(60)])
        #expect(scheduler.nextDue(of: "a") == first + Self.s(120))
    }

    @Test func aTickBeforeTheDueStartsNothing() throws {
        var scheduler = try Self.scheduler([Self.job("a")])
        let first = try #require(scheduler.nextDue(of: "a"))
        #expect(scheduler.tick(now: first - .milliseconds(1)) == [.wakeUp(at: first)])
    }

    @Test func aLateTickRunsOnceAndCollapsesMissedSlotsIntoOneSkip() throws {
        var scheduler = try Self.scheduler([Self.job("a", every: Self.s(10), deadline: Self.s(5))])
        let first = try #require(scheduler.nextDue(of: "a"))
        // Slots first, +10, +20, +30 have all passed at first + 35 s.
        let now = first + Self.s(35)
        #expect(scheduler.tick(now: now) == [
            .start(job: "a", run: Ticket(id: 1, job: "a", dueAt: first, startedAt: now)),
            .skip(job: "a", dueAt: first + Self.s(10)),
            .wakeUp(at: now + Self.s(5)),
        ])
        #expect(scheduler.nextDue(of: "a") == first + Self.s(40))
    }

    @Test func aSlotDueWhileTheRunStillRunsIsSkipped() throws {
        var scheduler = try Self.scheduler([Self.job("a", every: Self.s(10), deadline: Self.s(25))])
        let first = try #require(scheduler.nextDue(of: "a"))
        let ticket = try #require(started(scheduler.tick(now: first)).first)
        #expect(scheduler.tick(now: first + Self.s(10)) == [.skip(job: "a", dueAt: first + Self.s(10)), .wakeUp(at: first + Self.s(20))])
        #expect(scheduler.tick(now: first + Self.s(20)) == [.skip(job: "a", dueAt: first + Self.s(20)), .wakeUp(at: first + Self.s(25))])
        #expect(scheduler.runFinished(ticket, now: first + Self.s(24)) == [.wakeUp(at: first + Self.s(30))])
        #expect(started(scheduler.tick(now: first + Self.s(30))).map(\.id) == [2])
    }

    @Test func runsPastTheLimitWaitInAFIFOQueue() throws {
        var scheduler = ProbeScheduler(concurrency: 2)
        _ = try scheduler.configure(["a", "b", "c", "d"].map { Self.job($0, every: Self.s(60), deadline: Self.s(50)) }, now: .zero)
        // Every job is due by 60 s; they come due (and queue) in splay order.
        let order = ["a", "b", "c", "d"].sorted { (scheduler.nextDue(of: $0) ?? .zero) < (scheduler.nextDue(of: $1) ?? .zero) }
        let dues = order.map { scheduler.nextDue(of: $0) }
        let now = Self.s(60)
        let first = started(scheduler.tick(now: now))
        #expect(first.map(\.job) == Array(order.prefix(2)))
        #expect(scheduler.queuedCount == 2)
        #expect(scheduler.running == first)
        #expect(scheduler.runNow(job: order[2], now: now).result == .alreadyRunning, "queued counts as running")
        let next = started(scheduler.runFinished(first[1], now: Self.s(70)))
        #expect(next == [Ticket(id: 3, job: order[2], dueAt: try #require(dues[2]), startedAt: Self.s(70))])
        let last = started(scheduler.runFinished(first[0], now: Self.s(71)))
        #expect(last == [Ticket(id: 4, job: order[3], dueAt: try #require(dues[3]), startedAt: Self.s(71))])
        #expect(scheduler.queuedCount == 0)
        #expect(scheduler.running.map(\.job) == [order[2], order[3]])
    }

    @Test func aRunPastItsDeadlineIsCancelledOnce() throws {
        var scheduler = try Self.scheduler([Self.job("a", every: Self.s(60), deadline: Self.s(30))])
        let first = try #require(scheduler.nextDue(of: "a"))
        let ticket = try #require(started(scheduler.tick(now: first)).first)
        #expect(scheduler.tick(now: first + Self.s(29)) == [.wakeUp(at: first + Self.s(30))])
        #expect(scheduler.tick(now: first + Self.s(31)) == [.cancel(run: ticket), .wakeUp(at: first + Self.s(60))])
        #expect(scheduler.tick(now: first + Self.s(32)) == [.wakeUp(at: first + Self.s(60))], "cancelled once only")
        #expect(scheduler.running == [ticket], "the slot stays taken until the run really ends")
        #expect(scheduler.runFinished(ticket, now: first + Self.s(33)) == [.wakeUp(at: first + Self.s(60))])
        #expect(scheduler.running.isEmpty)
    }

    @Test func reloadAddsRemovesAndReschedules() throws {
        var scheduler = try Self.scheduler([Self.job("keep"), Self.job("drop"), Self.job("change", every: Self.s(60))])
        let keepDue = try #require(scheduler.nextDue(of: "keep"))
        let changeDue = try #require(scheduler.nextDue(of: "change"))
        // Everything runs once by 60 s; "drop" keeps running.
        let tickets = started(scheduler.tick(now: Self.s(60)))
        #expect(Set(tickets.map(\.job)) == ["keep", "drop", "change"])
        let dropTicket = try #require(tickets.first { $0.job == "drop" })
        for ticket in tickets where ticket.job != "drop" { _ = scheduler.runFinished(ticket, now: Self.s(61)) }

        let now = Self.s(62)
        let actions = try scheduler.configure([Self.job("keep"), Self.job("change", every: Self.s(120)), Self.job("new")], now: now)
        #expect(scheduler.jobNames == ["change", "keep", "new"])
        #expect(scheduler.nextDue(of: "keep") == keepDue + Self.s(60), "an unchanged job is not disturbed")
        #expect(scheduler.nextDue(of: "change") == changeDue + Self.s(120), "rescheduled from its last due")
        let newDue = try #require(scheduler.nextDue(of: "new"))
        #expect(newDue >= now && newDue < now + Self.s(60))
        #expect(scheduler.nextDue(of: "drop") == nil)
        #expect(scheduler.running == [dropTicket], "a removed job's run is left to finish")
        #expect(actions == [.wakeUp(at: min(Self.s(90), keepDue + Self.s(60), newDue))])
        // The removed job's deadline still applies, and it is never started again.
        let late = scheduler.tick(now: Self.s(400))
        #expect(late.contains(.cancel(run: dropTicket)))
        #expect(!started(late).contains { $0.job == "drop" })
    }

    @Test func aShorterIntervalThatIsOverdueRunsNow() throws {
        var scheduler = try Self.scheduler([Self.job("a", every: Self.s(3600))])
        let first = try #require(scheduler.nextDue(of: "a"))
        let ticket = try #require(started(scheduler.tick(now: first)).first)
        _ = scheduler.runFinished(ticket, now: first + Self.s(1))
        let now = first + Self.s(1200)
        #expect(try scheduler.configure([Self.job("a", every: Self.s(300))], now: now) == [.wakeUp(at: now)])
        #expect(started(scheduler.tick(now: now)) == [Ticket(id: 2, job: "a", dueAt: now, startedAt: now)])
    }

    @Test(arguments: [
        ([ProbeSchedulerTests.job("a", every: .zero)], ProbeScheduler.ConfigurationError.nonPositiveInterval(job: "a")),
        ([ProbeSchedulerTests.job("a", deadline: .seconds(-1))], .nonPositiveDeadline(job: "a")),
        ([ProbeSchedulerTests.job("a"), ProbeSchedulerTests.job("a")], .duplicateJob("a")),
    ])
    func badConfigurationsAreRefusedWithoutChange(jobs: [ProbeScheduler.Job], error: ProbeScheduler.ConfigurationError) throws {
        var scheduler = try Self.scheduler([Self.job("old")])
        #expect(throws: error) { try scheduler.configure(jobs, now: .zero) }
        #expect(scheduler.jobNames == ["old"])
    }

    @Test func runNowStartsQueuesOrRefuses() throws {
        var scheduler = try Self.scheduler([Self.job("a"), Self.job("b")], concurrency: 1)
        #expect(scheduler.runNow(job: "nope", now: Self.s(1)).result == .unknownJob)
        let (result, actions) = scheduler.runNow(job: "a", now: Self.s(1))
        let ticket = Ticket(id: 1, job: "a", dueAt: Self.s(1), startedAt: Self.s(1))
        #expect(result == .started(ticket))
        #expect(actions.first == .start(job: "a", run: ticket))
        #expect(scheduler.runNow(job: "a", now: Self.s(2)).result == .alreadyRunning)
        #expect(scheduler.runNow(job: "b", now: Self.s(2)).result == .queued(position: 1))
        #expect(started(scheduler.runFinished(ticket, now: Self.s(3))) == [Ticket(id: 2, job: "b", dueAt: Self.s(2), startedAt: Self.s(3))])
    }

    @Test func stopEndsStartsButKeepsDeadlines() throws {
        var scheduler = try Self.scheduler([Self.job("a", deadline: Self.s(30)), Self.job("b", deadline: Self.s(30))], concurrency: 1)
        let ticket = try #require(started(scheduler.tick(now: Self.s(60))).first)
        #expect(scheduler.queuedCount == 1)
        #expect(scheduler.stop() == [.wakeUp(at: Self.s(90))])
        #expect(scheduler.queuedCount == 0)
        #expect(scheduler.runNow(job: "a", now: Self.s(61)).result == .stopped)
        #expect(scheduler.tick(now: Self.s(90)) == [.cancel(run: ticket)])
        #expect(scheduler.runFinished(ticket, now: Self.s(91)) == [])
        #expect(scheduler.tick(now: Self.s(1000)) == [])
    }

    @Test func reloadDropsQueuedRunsOfRemovedJobs() throws {
        var scheduler = try Self.scheduler([Self.job("a"), Self.job("b")], concurrency: 1)
        let ticket = try #require(started(scheduler.tick(now: Self.s(60))).first)
        let other = ticket.job == "a" ? "b" : "a"
        #expect(scheduler.queuedCount == 1)
        _ = try scheduler.configure([Self.job(ticket.job)], now: Self.s(61))
        #expect(scheduler.queuedCount == 0)
        #expect(started(scheduler.runFinished(ticket, now: Self.s(62))).isEmpty, "\(other) is never started again")
    }

    @Test func anUnknownTicketFinishingChangesNothing() throws {
        var scheduler = try Self.scheduler([Self.job("a")])
        let first = try #require(scheduler.nextDue(of: "a"))
        let stranger = Ticket(id: 99, job: "a", dueAt: .zero, startedAt: .zero)
        #expect(scheduler.runFinished(stranger, now: Self.s(1)) == [.wakeUp(at: first)])
        #expect(scheduler.running.isEmpty)
    }
}
