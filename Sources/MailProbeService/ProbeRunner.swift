import HistoryStore
import Logging
import MonitorCore
import Probe

/// Drives ``ProbeScheduler``: one timer for its wake-ups, one task per run, every record stored.
///
/// A run is journalled when it starts (so a crash leaves an `interrupted` trace), bounded by the
/// scheduler's hard deadline (cancelled past it), and its records go to the store, the metrics and
/// the alert engine before the scheduler hears it finished.
actor ProbeRunner {
    typealias Execute = @Sendable (ProbeExecution) async -> [ProbeRunRecord]

    private var scheduler: ProbeScheduler
    private var file: ProbeConfigFile
    private let store: HistoryStore
    private let clock: any ServiceClock
    private let metrics: ProbeMetrics
    private let alerts: AlertCoordinator
    private let logger: Logger
    private let execute: Execute
    private var runs: [UInt64: (ticket: ProbeScheduler.RunTicket, task: Task<Void, Never>)] = [:]
    private var timer: Task<Void, Never>?
    private var stopped = false
    /// Runs cancelled because they passed their hard deadline (a hanging target), not because the daemon stops.
    private var pastDeadline: Set<UInt64> = []
    /// Records being written outside a run (skips), awaited at shutdown.
    private var pendingWrites: [UInt64: Task<Void, Never>] = [:]
    private var nextWrite: UInt64 = 0
    /// The last connectivity check, shared by the runs that start within ``ConnectivityCanary/reuse`` of it.
    private var canaryCheck: (at: Duration, verdict: Task<String?, Never>)?
    /// Monotonic instant of the last timer tick or finished run: `/healthz` reads it.
    private(set) var lastActivity: Duration
    /// The last store write's error, while writes fail: `/healthz` reports it.
    private(set) var storeProblem: String?

    init(file: ProbeConfigFile, store: HistoryStore, clock: any ServiceClock, metrics: ProbeMetrics, alerts: AlertCoordinator,
         logger: Logger, execute: @escaping Execute = { await $0.run() }) {
        self.file = file
        self.store = store
        self.clock = clock
        self.metrics = metrics
        self.alerts = alerts
        self.logger = logger
        self.execute = execute
        // Agents at different locations spread the same probes differently.
        self.scheduler = ProbeScheduler(concurrency: file.serve.concurrency, seed: Self.seed(file.location ?? ""))
        self.lastActivity = clock.now()
    }

    /// The scheduler's jobs for a configuration.
    static func jobs(of file: ProbeConfigFile) -> [ProbeScheduler.Job] {
        file.probeNames.compactMap { file.probes[$0] }.map { spec in
            ProbeScheduler.Job(name: spec.name, interval: spec.interval, runDeadline: runDeadline(of: spec))
        }
    }

    /// FNV-1a of the location label.
    static func seed(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// The hard deadline of one run: every step at its timeout, plus the wait for delivery.
    static func runDeadline(of spec: ProbeSpec) -> Duration {
        switch spec.kind {
        case .roundTrip, .transit: spec.lostAfter + spec.timeout * 6
        case .smtp, .imap: spec.timeout * 8
        }
    }

    /// Starts scheduling (the first call) or applies a new configuration (a reload).
    func configure(_ file: ProbeConfigFile) throws(ProbeScheduler.ConfigurationError) {
        let actions = try scheduler.configure(Self.jobs(of: file), now: clock.now())
        self.file = file
        perform(actions)
    }

    /// `POST /api/probes/{name}/run`.
    func runNow(_ probe: String) -> ProbeScheduler.RunNowResult {
        let (result, actions) = scheduler.runNow(job: probe, now: clock.now())
        perform(actions)
        return result
    }

    var runningCount: Int { runs.count }

    /// Stops scheduling, lets running runs finish within `grace`, then cancels the rest (recorded as `cancelled`).
    func shutdown(grace: Duration) async {
        stopped = true
        perform(scheduler.stop())
        timer?.cancel()
        let deadline = clock.now() + grace
        let running = runs.values.map(\.task)
        // Whichever comes first: every run finished, or the grace period ended (or this task was cancelled).
        await withTaskGroup(of: Void.self) { [clock] group in
            group.addTask { for task in running { await task.value } }
            group.addTask { try? await clock.sleep(until: deadline) }
            await group.next()
            group.cancelAll()
        }
        let left = runs.values.map(\.task)
        for task in left { task.cancel() }
        for task in left { await task.value }
        for write in pendingWrites.values { await write.value }
    }

    // MARK: - Carrying out the scheduler's actions

    private func perform(_ actions: [ProbeScheduler.Action]) {
        for action in actions {
            switch action {
            case .start(let job, let ticket):
                guard let spec = file.probes[job] else { continue }
                metrics.lateness(ticket.lateness)
                let execution = ProbeExecution(file: file, spec: spec, recordsTrace: file.serve.traces != .never,
                                               wallClock: { [clock] in clock.wallMilliseconds() })
                let task = Task { await self.run(ticket, execution) }
                runs[ticket.id] = (ticket, task)
            case .skip(let job, _):
                guard let spec = file.probes[job] else { continue }
                let record = ProbeRunRecord(probe: job, kind: spec.recordKind, location: file.location,
                                            startedAtMs: clock.wallMilliseconds(), state: .skipped, status: .unknown,
                                            reasons: [ProbeReason(.invalid, .unknown, message: "skipped: the previous run of \(job) was still going")])
                nextWrite += 1
                let id = nextWrite
                pendingWrites[id] = Task {
                    await self.finish([record], journal: [:])
                    await self.written(id)
                }
            case .cancel(let ticket):
                logger.warning("run passed its hard deadline; cancelling", metadata: ["probe": "\(ticket.job)"])
                pastDeadline.insert(ticket.id)
                runs[ticket.id]?.task.cancel()
            case .wakeUp(let instant):
                timer?.cancel()
                timer = Task { [clock] in
                    do { try await clock.sleep(until: instant) } catch { return }
                    await self.tick()
                }
            }
        }
    }

    /// The canary's verdict, checked at most every ``ConnectivityCanary/reuse``: with 1,000 probes a
    /// minute, one connect per run would be the daemon's busiest work.
    private func canaryProblem() async -> String? {
        guard let canary = ConnectivityCanary(file.serve) else { return nil }
        let now = clock.now()
        if let check = canaryCheck, now - check.at < ConnectivityCanary.reuse { return await check.verdict.value }
        let verdict = Task { await canary.problem() }
        canaryCheck = (now, verdict)
        return await verdict.value
    }

    private func written(_ id: UInt64) {
        pendingWrites[id] = nil
    }

    private func tick() {
        lastActivity = clock.now()
        perform(scheduler.tick(now: clock.now()))
    }

    private func run(_ ticket: ProbeScheduler.RunTicket, _ planned: ProbeExecution) async {
        var execution = planned
        let spec = execution.spec
        let startedAt = clock.wallMilliseconds()
        // The probe messages' tokens are made and journalled first: after a crash, the next run deletes them.
        let tokens = execution.makeTokens()
        execution.tokens = tokens
        let store = self.store, location = file.location
        let routes: [String?] = spec.recordKind == .transit ? tokens.keys.sorted() : [nil]
        let journal: [String?: Int64] = (try? await Offload.run { () throws -> [String?: Int64] in
            var ids: [String?: Int64] = [:]
            for route in routes {
                ids[route] = try store.journalStart(probe: spec.name, route: route, kind: spec.recordKind, startedAtMs: startedAt,
                                                    token: tokens[route ?? ""], location: location)
            }
            return ids
        }) ?? [:]
        var records: [ProbeRunRecord]
        if let problem = await canaryProblem() {
            records = [ConnectivityCanary.offline(spec, location: file.location, startedAtMs: startedAt, problem: problem)]
        } else {
            records = await execute(execution)
        }
        for index in records.indices where records[index].status == .unknown && records[index].reasons.contains(where: { $0.kind == .invalid }) {
            // A probe that cannot run as configured (a secret that cannot be read, an expired token helper)
            // would otherwise stay quiet forever: for the daemon that is critical.
            records[index].status = .critical
        }
        if pastDeadline.remove(ticket.id) != nil {
            // A hanging target: that is a failure of the service, and it alerts.
            let limit = ConfigDuration.format(Self.runDeadline(of: spec))
            for index in records.indices {
                records[index].status = .critical
                records[index].reasons.insert(ProbeReason(.timeout, .critical, message: "the run did not finish within its hard deadline of \(limit)"), at: 0)
                records[index].error = ProbeRunRecord.Failure(phase: records[index].error?.phase, code: ProbeReason.Kind.timeout.rawValue,
                                                              message: "the run did not finish within its hard deadline of \(limit)")
            }
        } else if Task.isCancelled {
            for index in records.indices {
                records[index].state = .cancelled
                records[index].status = .unknown
                records[index].reasons.insert(ProbeReason(.timeout, .unknown, message: "cancelled: the daemon stopped before the run finished"), at: 0)
            }
        }
        await finish(records, journal: journal)
        if !Task.isCancelled, !tokens.isEmpty { await LeftoverSweep.run(execution, store: store, logger: logger) }
        runs[ticket.id] = nil
        lastActivity = clock.now()
        if !stopped { perform(scheduler.runFinished(ticket, now: clock.now())) }
    }

    /// Stores each record together with the alert change it causes (one transaction), then tells the metrics and the log.
    /// Each record takes its route's journal row with it; rows no record took (a transit run that could
    /// not start) are removed after.
    private func finish(_ records: [ProbeRunRecord], journal: [String?: Int64]) async {
        var journal = journal
        for var record in records {
            let keep = file.serve.traces == .always || (file.serve.traces == .failures && record.status != .ok)
            let journalID = journal.removeValue(forKey: record.route)
            do {
                record.id = try await alerts.store(record, journalID: journalID, keepTrace: keep)
                storeProblem = nil
            } catch {
                storeProblem = "\(error)"
                logger.error("could not store the run", metadata: ["probe": "\(record.probe)", "error": "\(error)"])
            }
            metrics.record(record)
            RunLog.log(record, to: logger)
            alerts.observers.publish(.run(record))
        }
        if !journal.isEmpty {
            let store = self.store, left = Array(journal.values)
            _ = try? await Offload.run { try store.journalEnd(ids: left) }
        }
    }
}
