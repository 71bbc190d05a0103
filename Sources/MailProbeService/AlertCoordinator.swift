import HistoryStore
import Logging
import MonitorCore
import Probe

/// Drives ``AlertEngine``: feeds it every run, persists each key's state together with its
/// history event and its outbox entries in one transaction, and runs its one timer.
actor AlertCoordinator {
    private var engine = AlertEngine()
    private var file: ProbeConfigFile
    private let store: HistoryStore
    private let clock: any ServiceClock
    private let metrics: ProbeMetrics
    private let logger: Logger
    private var timer: Task<Void, Never>?
    private var repost: Task<Void, Never>?
    /// The last notice of each firing alert and where it went: re-posted to Alertmanager while it fires.
    private var firing: [AlertKey: (notice: AlertNotice, notifiers: [String])] = [:]
    /// Alertmanager forgets an alert not posted again within its `endsAt` (an hour ahead): re-post well before.
    static let alertmanagerRepost: Duration = .seconds(15 * 60)
    /// Called after notices were queued, so the outbox wakes up.
    private let queued: @Sendable () -> Void
    /// Whether an engine change is waiting for the store, and who waits for their turn (``exclusively(_:)``).
    private var busy = false
    private var turns: [CheckedContinuation<Void, Never>] = []
    /// In-process observers of runs and notices (``ServeDaemon/observe()``).
    nonisolated let observers = DaemonObservers()

    init(file: ProbeConfigFile, store: HistoryStore, clock: any ServiceClock, metrics: ProbeMetrics, logger: Logger,
         queued: @escaping @Sendable () -> Void) {
        self.file = file
        self.store = store
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.queued = queued
    }

    /// Restores the stored states (after a restart nothing fires twice and nothing is forgotten), then watches.
    func start() async {
        await exclusively {
            let store = self.store
            do {
                engine.restore(try await Offload.run { try store.alertStates(as: AlertState.self) })
            } catch {
                logger.error("could not read the stored alert states", metadata: ["error": "\(error)"])
            }
            await apply(configuration: file)
            rebuildFiring()
        }
    }

    /// After a restart: the firing alerts' last notices, rebuilt from their stored states, so that
    /// Alertmanager keeps hearing about them.
    private func rebuildFiring() {
        let watches = AlertWatches.watches(of: file)
        let now = clock.wallMilliseconds()
        for state in engine.allStates where state.firing {
            guard let alertID = state.alertID, let cause = state.cause, let since = state.sinceMs,
                  let watch = watches.first(where: { $0.key == state.key }) else { continue }
            let severity = state.severity ?? cause.severity
            let notice = AlertNotice(alertID: alertID, key: state.key, event: .repeated, severity: severity, reasonKind: cause.reasonKind,
                                     phase: cause.phase, location: watch.location,
                                     summary: AlertWording.summary(severity, key: state.key, location: watch.location, words: cause.words),
                                     detail: cause.detail, serverReply: cause.serverReply, sinceMs: since, atMs: now, runID: cause.runID)
            firing[state.key] = (notice, AlertWatches.notifiers(for: notice, watch: watch.notifiers, routes: file.alerts.routes))
        }
    }

    /// Applies a (re)loaded configuration: watches, silences and maintenance windows.
    func configure(_ file: ProbeConfigFile) async {
        await exclusively { await apply(configuration: file) }
    }

    private func apply(configuration file: ProbeConfigFile) async {
        self.file = file
        await loadSilences()
        engine.setMaintenance(file.alerts.maintenance.map {
            MaintenanceWindow(probe: $0.probe, route: $0.route, location: $0.location, startMs: $0.startMs, endMs: $0.endMs,
                              weeklyRepeat: $0.weekly)
        })
        await apply(engine.configure(watches: AlertWatches.watches(of: file), now: clock.wallMilliseconds()))
        // A silence or window that ended with the old configuration releases its alerts now.
        await apply(engine.tick(now: clock.wallMilliseconds()))
    }

    /// The silences changed (the API made or ended one): reload them, and a firing alert whose silence
    /// ended notifies at once.
    func refreshSilences() async {
        await exclusively {
            await loadSilences()
            await apply(engine.tick(now: clock.wallMilliseconds()))
        }
    }

    /// Silences from the config and from the store (the API's), given to the engine.
    private func loadSilences() async {
        let store = self.store
        let now = clock.wallMilliseconds()
        var silences = file.alerts.silences.enumerated().map { index, silence in
            AlertSilence(id: -Int64(index + 1), probe: silence.probe, route: silence.route, location: silence.location,
                         startsAtMs: silence.startsAtMs ?? 0, endsAtMs: silence.endsAtMs, comment: silence.comment, createdBy: "config")
        }
        do {
            silences += try await Offload.run { try store.silences(activeAtMs: nil) }
                .filter { $0.endsAtMs > now }.compactMap(\.alertSilence)
        } catch {
            logger.error("could not read the silences", metadata: ["error": "\(error)"])
        }
        engine.setSilences(silences)
    }

    /// Re-posts firing alerts to the `alertmanager` notifiers every ``alertmanagerRepost``.
    func startReposting() {
        repost?.cancel()
        repost = Task { [clock] in
            while !Task.isCancelled {
                do { try await clock.sleep(until: clock.now() + Self.alertmanagerRepost) } catch { return }
                await self.repostFiring()
            }
        }
    }

    func stop() {
        repost?.cancel()
        timer?.cancel()
    }

    private func repostFiring() async {
        let alertmanagers = Set(file.notifiers.filter { $0.type == "alertmanager" }.map(\.name))
        let now = clock.wallMilliseconds()
        var queued: [QueuedNotice] = []
        for (_, entry) in firing {
            var notice = entry.notice
            notice.event = .repeated
            notice.atMs = now
            for name in entry.notifiers where alertmanagers.contains(name) {
                queued.append(QueuedNotice(notifier: name, notice: notice, dedupKey: "repost:\(notice.alertID):\(now)", notBeforeMs: now))
            }
        }
        guard !queued.isEmpty else { return }
        let store = self.store, notices = queued
        _ = try? await Offload.inOrder { try store.queue(notices) }
        self.queued()
    }

    /// Feeds the engine runs already stored (the interrupted ones a restart recovers).
    func record(_ runs: [ProbeRunRecord]) async {
        await exclusively {
            for run in runs { await apply(engine.record(run, now: clock.wallMilliseconds())) }
        }
    }

    /// Stores a run and the alert change it causes in one transaction (a crash keeps both or neither),
    /// then carries out the rest of the engine's actions; returns the run's id. When the store refuses,
    /// the engine does not count the run either.
    func store(_ run: ProbeRunRecord, journalID: Int64?, keepTrace: Bool) async throws -> Int64 {
        try await exclusively {
            let snapshot = engine, file = self.file, store = self.store, now = clock.wallMilliseconds()
            let (id, outcome) = try await Offload.inOrder {
                var engine = snapshot
                return try store.insert(run, journalID: journalID, keepTrace: keepTrace) { id in
                    var stored = run
                    stored.id = id
                    let actions = engine.record(stored, now: now)
                    let plan = Self.plan(actions, engine: engine, file: file)
                    return (plan.changes, (engine, plan))
                }
            }
            engine = outcome.0
            carryOut(outcome.1)
            return id
        }
    }

    var states: [AlertState] { engine.allStates }

    // MARK: - Carrying out the engine's actions

    /// Engine changes that wait for the store take turns, so that none works on a stale copy of the engine.
    private func exclusively<T>(_ body: () async throws -> T) async rethrows -> T {
        while busy { await withCheckedContinuation { turns.append($0) } }
        busy = true
        defer {
            busy = false
            if !turns.isEmpty { turns.removeFirst().resume() }
        }
        return try await body()
    }

    private func tick() async {
        await exclusively { await apply(engine.tick(now: clock.wallMilliseconds())) }
    }

    /// Stores the changes of a batch of actions in one transaction, off the cooperative pool, then carries out the rest.
    private func apply(_ actions: [AlertAction]) async {
        let plan = Self.plan(actions, engine: engine, file: file)
        if !plan.changes.isEmpty {
            let store = self.store, changes = plan.changes
            do {
                try await Offload.inOrder { try store.apply(changes) }
            } catch {
                logger.error("could not store an alert change", metadata: ["error": "\(error)"])
            }
        }
        carryOut(plan)
    }

    /// What follows a stored batch: the firing alerts kept for re-posting, the log, the timer, the outbox's wake-up, the metrics.
    private func carryOut(_ plan: AlertPlan) {
        for key in plan.forgotten { firing[key] = nil }
        for planned in plan.notices {
            let notice = planned.notice
            // Only what was sent is kept for re-posting: a held (silenced, inhibited) alert stays quiet.
            if notice.event == .resolved { firing[notice.key] = nil } else if planned.held == nil { firing[notice.key] = (notice, planned.targets) }
            observers.publish(.notice(notice))
            logger.notice("alert \(notice.event.rawValue): \(notice.summary)",
                          metadata: ["held": "\(planned.held.map { "\($0)" } ?? "no")", "notifiers": "\(planned.targets.joined(separator: ","))"])
        }
        if let atMs = plan.wakeUpMs {
            timer?.cancel()
            let delay = Duration.milliseconds(max(0, atMs - clock.wallMilliseconds()))
            timer = Task { [clock] in
                do { try await clock.sleep(until: clock.now() + delay) } catch { return }
                await self.tick()
            }
        }
        if plan.queuesAny { queued() }
        metrics.alertsFiring(engine.firingCounts)
    }
}
