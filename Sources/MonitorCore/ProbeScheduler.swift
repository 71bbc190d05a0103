/// When each probe runs: a plain value fed monotonic instants, returning what to start, skip and cancel.
///
/// `now` is a `Duration` since the daemon started (a monotonic clock); the scheduler never reads a
/// clock. The driver makes one call per event and carries out the returned ``Action``s:
///
///     var scheduler = ProbeScheduler(concurrency: 8)
///     scheduler.configure(jobs, now: .zero)              // [.wakeUp(at: 2.4s)]
///     scheduler.tick(now: .seconds(2.4))                 // [.start(job: "corp", run: #1), .wakeUp(at: 3.1s)]
///     scheduler.runFinished(ticket, now: .seconds(9))    // [.start(job: "queued", run: #7), .wakeUp(at: ...)]
///
/// Rules:
/// - First runs are splayed: a job's first run is due at a deterministic offset in `[0, interval)`
///   after it was configured (``splayOffset(for:interval:seed:)``).
/// - Next due = previous due + interval, so runs do not drift.
/// - A tick that comes late by more than an interval does not run the missed slots in a burst: the
///   first missed slot runs (its ticket shows how late), the slots after it up to `now` collapse into
///   **one** `.skip` (due at the first of them), and the next run is due at the first slot after `now`.
/// - A job never runs twice at once: a slot that comes due while its run still runs or waits in the
///   queue gives `.skip`.
/// - At most `concurrency` runs at once; due runs past the limit wait in a FIFO queue and start from
///   ``runFinished(_:now:)``.
/// - A run still going at `startedAt + runDeadline` gives `.cancel(run:)`, once. Its slot is freed
///   only by ``runFinished(_:now:)``.
/// - Every call that leaves anything pending ends with exactly one `.wakeUp(at:)`: the earliest next
///   due or run deadline, so the driver needs one timer.
public struct ProbeScheduler: Sendable {
    /// One probe to run every `interval`, cancelled when a run takes longer than `runDeadline`.
    public struct Job: Sendable, Hashable {
        public var name: String
        public var interval: Duration
        public var runDeadline: Duration

        public init(name: String, interval: Duration, runDeadline: Duration) {
            self.name = name
            self.interval = interval
            self.runDeadline = runDeadline
        }
    }

    /// One run handed to the driver; give it back to ``runFinished(_:now:)`` when it ends.
    public struct RunTicket: Sendable, Hashable {
        public var id: UInt64
        public var job: String
        /// The slot it runs for; `startedAt - dueAt` is the scheduling lateness.
        public var dueAt: Duration
        public var startedAt: Duration

        public init(id: UInt64, job: String, dueAt: Duration, startedAt: Duration) {
            self.id = id
            self.job = job
            self.dueAt = dueAt
            self.startedAt = startedAt
        }

        /// How late the run started after its slot.
        public var lateness: Duration { startedAt - dueAt }
    }

    public enum Action: Sendable, Hashable {
        /// Start this run now.
        case start(job: String, run: RunTicket)
        /// The slot at `dueAt` came while the job's last run still runs (or waits): record a `skipped` run.
        case skip(job: String, dueAt: Duration)
        /// The run passed its hard deadline: cancel it (and still call ``runFinished(_:now:)`` when it ends).
        case cancel(run: RunTicket)
        /// Call ``tick(now:)`` at this instant.
        case wakeUp(at: Duration)
    }

    /// What ``runNow(job:now:)`` did.
    public enum RunNowResult: Sendable, Hashable {
        /// No job has that name.
        case unknownJob
        /// The job's run is still going or waits in the queue: nothing new started.
        case alreadyRunning
        /// The run started: the actions hold its `.start`.
        case started(RunTicket)
        /// The concurrency limit is reached: the run waits in the queue at this position (1 = next).
        case queued(position: Int)
        /// ``stop()`` was called.
        case stopped
    }

    /// A configuration the scheduler refuses, before changing anything.
    public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
        case nonPositiveInterval(job: String)
        case nonPositiveDeadline(job: String)
        case duplicateJob(String)

        public var description: String {
            switch self {
            case .nonPositiveInterval(let job): "probe \(job): the interval must be longer than zero"
            case .nonPositiveDeadline(let job): "probe \(job): the run deadline must be longer than zero"
            case .duplicateJob(let job): "probe \(job) is configured twice"
            }
        }
    }

    struct Scheduled: Sendable {
        var job: Job
        var nextDue: Duration
        /// The slot of its last run or skip; `nil` before the first.
        var lastDue: Duration?
    }

    struct Running: Sendable {
        var ticket: RunTicket
        var deadline: Duration
        var cancelled: Bool
    }

    struct Waiting: Sendable {
        var job: String
        var dueAt: Duration
    }

    let concurrency: Int
    let seed: UInt64
    var jobs: [String: Scheduled] = [:]
    var runs: [UInt64: Running] = [:]
    var runningJobs: [String: UInt64] = [:]
    var queue: [Waiting] = []
    var nextRunID: UInt64 = 1
    var isStopped = false

    /// At most `concurrency` runs at once (at least 1); `seed` varies the splay between deployments.
    public init(concurrency: Int, seed: UInt64 = 0) {
        self.concurrency = max(1, concurrency)
        self.seed = seed
    }

    /// The runs started and not yet finished, oldest first.
    public var running: [RunTicket] {
        runs.values.map(\.ticket).sorted { $0.id < $1.id }
    }

    /// Due runs waiting for a free slot.
    public var queuedCount: Int { queue.count }

    /// The names of the configured jobs, sorted.
    public var jobNames: [String] { jobs.keys.sorted() }

    /// When `job`'s next run is due, if it is configured.
    public func nextDue(of job: String) -> Duration? { jobs[job]?.nextDue }

    /// Handles every due slot and passed deadline up to `now`.
    public mutating func tick(now: Duration) -> [Action] {
        var actions = cancelOverdueRuns(now: now)
        if !isStopped {
            let due = jobs.values.filter { $0.nextDue <= now }.sorted { ($0.nextDue, $0.job.name) < ($1.nextDue, $1.job.name) }
            for scheduled in due {
                actions += handleDue(scheduled.job.name, now: now)
            }
        }
        return finish(actions)
    }

    /// `run` ended (in any way); frees its slot and starts queued runs.
    public mutating func runFinished(_ run: RunTicket, now: Duration) -> [Action] {
        if let running = runs.removeValue(forKey: run.id), runningJobs[running.ticket.job] == run.id {
            runningJobs[running.ticket.job] = nil
        }
        return finish(startQueued(now: now))
    }

    /// Starts `job` now, outside its schedule (its regular slots stay where they are).
    public mutating func runNow(job: String, now: Duration) -> (result: RunNowResult, actions: [Action]) {
        guard !isStopped else { return (.stopped, finish([])) }
        guard jobs[job] != nil else { return (.unknownJob, finish([])) }
        guard !isBusy(job) else { return (.alreadyRunning, finish([])) }
        if runs.count < concurrency && queue.isEmpty {
            let ticket = start(job, dueAt: now, now: now)
            return (.started(ticket), finish([.start(job: job, run: ticket)]))
        }
        queue.append(Waiting(job: job, dueAt: now))
        return (.queued(position: queue.count), finish([]))
    }

    /// No more starts: queued runs are dropped without a record; running ones keep their deadlines
    /// (the driver cancels what still runs after its grace period).
    public mutating func stop() -> [Action] {
        isStopped = true
        queue.removeAll()
        return wakeUp().map { [$0] } ?? []
    }

    // MARK: - Internals

    mutating func handleDue(_ name: String, now: Duration) -> [Action] {
        guard var scheduled = jobs[name] else { return [] }
        var actions: [Action] = []
        let dueAt = scheduled.nextDue
        if isBusy(name) {
            actions.append(.skip(job: name, dueAt: dueAt))
        } else if runs.count < concurrency && queue.isEmpty {
            let ticket = start(name, dueAt: dueAt, now: now)
            actions.append(.start(job: name, run: ticket))
        } else {
            queue.append(Waiting(job: name, dueAt: dueAt))
        }
        scheduled.lastDue = dueAt
        scheduled.nextDue = dueAt + scheduled.job.interval
        if scheduled.nextDue <= now {
            // Late by more than an interval: the missed slots collapse into one skip.
            actions.append(.skip(job: name, dueAt: scheduled.nextDue))
            let behind = Self.nanoseconds(now - scheduled.nextDue)
            let slots = behind / Self.nanoseconds(scheduled.job.interval)
            scheduled.lastDue = scheduled.nextDue + scheduled.job.interval * slots
            scheduled.nextDue = scheduled.nextDue + scheduled.job.interval * (slots + 1)
        }
        jobs[name] = scheduled
        return actions
    }

    mutating func start(_ job: String, dueAt: Duration, now: Duration) -> RunTicket {
        let ticket = RunTicket(id: nextRunID, job: job, dueAt: dueAt, startedAt: now)
        nextRunID += 1
        let deadline = jobs[job]?.job.runDeadline ?? .zero
        runs[ticket.id] = Running(ticket: ticket, deadline: now + deadline, cancelled: false)
        runningJobs[job] = ticket.id
        return ticket
    }

    mutating func startQueued(now: Duration) -> [Action] {
        var actions: [Action] = []
        while !isStopped && runs.count < concurrency && !queue.isEmpty {
            let waiting = queue.removeFirst()
            guard jobs[waiting.job] != nil else { continue }
            let ticket = start(waiting.job, dueAt: waiting.dueAt, now: now)
            actions.append(.start(job: waiting.job, run: ticket))
        }
        return actions
    }

    mutating func cancelOverdueRuns(now: Duration) -> [Action] {
        var actions: [Action] = []
        for (id, run) in runs.sorted(by: { $0.key < $1.key }) where !run.cancelled && run.deadline <= now {
            runs[id]?.cancelled = true
            actions.append(.cancel(run: run.ticket))
        }
        return actions
    }

    func isBusy(_ job: String) -> Bool {
        runningJobs[job] != nil || queue.contains { $0.job == job }
    }

    func finish(_ actions: [Action]) -> [Action] {
        guard let wake = wakeUp() else { return actions }
        return actions + [wake]
    }

    /// The earliest next due (unless stopped) or pending run deadline.
    func wakeUp() -> Action? {
        var earliest: Duration?
        if !isStopped {
            for scheduled in jobs.values where earliest.map({ scheduled.nextDue < $0 }) ?? true {
                earliest = scheduled.nextDue
            }
        }
        for run in runs.values where !run.cancelled && (earliest.map { run.deadline < $0 } ?? true) {
            earliest = run.deadline
        }
        return earliest.map { .wakeUp(at: $0) }
    }

    /// Whole nanoseconds in `duration` (sub-nanosecond parts dropped).
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
