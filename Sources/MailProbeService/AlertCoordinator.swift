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
        let store = self.store
        do {
            engine.restore(try await Offload.run { try store.alertStates(as: AlertState.self) })
        } catch {
            logger.error("could not read the stored alert states", metadata: ["error": "\(error)"])
        }
        await configure(file)
        rebuildFiring()
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
        self.file = file
        await refreshSilences()
        engine.setMaintenance(file.alerts.maintenance.map {
            MaintenanceWindow(probe: $0.probe, route: $0.route, location: $0.location, startMs: $0.startMs, endMs: $0.endMs,
                              weeklyRepeat: $0.weekly)
        })
        await apply(engine.configure(watches: AlertWatches.watches(of: file), now: clock.wallMilliseconds()))
    }

    /// Silences from the config and from the store (the API's), given to the engine.
    func refreshSilences() async {
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

    func record(_ runs: [ProbeRunRecord]) async {
        for run in runs { await apply(engine.record(run, now: clock.wallMilliseconds())) }
    }

    var states: [AlertState] { engine.allStates }

    // MARK: - Carrying out the engine's actions

    private func tick() async {
        await apply(engine.tick(now: clock.wallMilliseconds()))
    }

    private func apply(_ actions: [AlertAction]) async {
        var writes: [@Sendable (HistoryStore) throws -> Void] = []
        var states: [AlertKey: AlertState] = [:]
        var notices: [AlertKey: [(AlertNotice, [String], AlertHold?)]] = [:]
        var order: [AlertKey] = []
        for action in actions {
            switch action {
            case .persist(let state):
                if states[state.key] == nil, notices[state.key] == nil { order.append(state.key) }
                states[state.key] = state
            case .notify(var notice, let notifiers, let held):
                if states[notice.key] == nil, notices[notice.key] == nil { order.append(notice.key) }
                if let base = file.serve.publicURL, let run = notice.runID { notice.runURL = "\(base)/runs/\(run)" }
                notices[notice.key, default: []].append((notice, notifiers, held))
            case .forget(let key):
                firing[key] = nil
                writes.append { try $0.deleteAlert(key: key) }
            case .wakeUp(let atMs):
                timer?.cancel()
                let delay = Duration.milliseconds(max(0, atMs - clock.wallMilliseconds()))
                timer = Task { [clock] in
                    do { try await clock.sleep(until: clock.now() + delay) } catch { return }
                    await self.tick()
                }
            }
        }
        var queuedAny = false
        for key in order {
            guard let state = states[key] ?? engine.state(for: key) else { continue }
            let keyNotices = notices[key] ?? []
            for (notice, notifiers, held) in keyNotices {
                let targets = held == nil ? AlertWatches.notifiers(for: notice, watch: notifiers, routes: file.alerts.routes) : []
                // Only what was sent is kept for re-posting: a held (silenced, inhibited) alert stays quiet.
                if notice.event == .resolved { firing[key] = nil } else if held == nil { firing[key] = (notice, targets) }
                let event = AlertEvent(key: key, alertID: notice.alertID, event: notice.event, severity: notice.severity, atMs: notice.atMs,
                                       summary: notice.summary, held: held.map { "\($0)" } ?? (targets.isEmpty ? "no notifier configured" : nil))
                let queuedNotices = targets.map {
                    QueuedNotice(notifier: $0, notice: notice, dedupKey: "\(notice.alertID):\(notice.event.rawValue):\(notice.atMs)",
                                 notBeforeMs: notice.atMs)
                }
                if notice.event == .resolved, !queuedNotices.isEmpty {
                    // A firing or repeat notice still waiting in backoff would now arrive after the recovery.
                    let alertID = notice.alertID, names = targets, at = notice.atMs
                    writes.append { store in for name in names { try store.supersede(alertID: alertID, notifier: name, atMs: at) } }
                }
                writes.append(save(state, event: event, notices: queuedNotices))
                queuedAny = queuedAny || !queuedNotices.isEmpty
                observers.publish(.notice(notice))
                logger.notice("alert \(notice.event.rawValue): \(notice.summary)",
                              metadata: ["held": "\(held.map { "\($0)" } ?? "no")", "notifiers": "\(targets.joined(separator: ","))"])
            }
            if keyNotices.isEmpty { writes.append(save(state, event: nil, notices: [])) }
        }
        await persist(writes)
        if queuedAny { queued() }
        var firing: [AlertSeverity: Int] = [:]
        for state in engine.allStates where state.firing { firing[state.severity ?? .critical, default: 0] += 1 }
        metrics.alertsFiring(firing)
    }

    /// The store write of one key's state with its event and outbox entries (one transaction).
    private func save(_ state: AlertState, event: AlertEvent?, notices: [QueuedNotice]) -> @Sendable (HistoryStore) throws -> Void {
        { store in
            try store.saveAlert(key: state.key, state: state, firing: state.firing, severity: state.severity,
                                sinceMs: state.sinceMs, event: event, notices: notices)
        }
    }

    /// Carries out the writes of one batch of actions, in order, off the cooperative pool.
    private func persist(_ writes: [@Sendable (HistoryStore) throws -> Void]) async {
        guard !writes.isEmpty else { return }
        let store = self.store, logger = self.logger
        _ = try? await Offload.inOrder {
            for write in writes {
                do { try write(store) } catch { logger.error("could not store an alert change", metadata: ["error": "\(error)"]) }
            }
        }
    }
}
