import Probe

/// Turns run records into alert states and notices: a plain value fed Unix-ms instants, returning actions.
///
/// It never reads a clock and never does I/O. The driver persists each `.persist` (with the
/// `.notify`s of the same call, in one transaction), queues each unheld notice for its notifiers,
/// and keeps one timer for the `.wakeUp`:
///
///     var engine = AlertEngine()
///     engine.restore(store.alertStates())
///     engine.configure(watches: watches, now: nowMs)   // [.wakeUp(atMs: …)]
///     engine.record(run, now: nowMs)                    // [.persist(state), .notify(notice, …), .wakeUp(atMs: …)]
///     engine.tick(now: nowMs)                           // repeats and no_data
///
/// Rules:
/// - Warning and critical runs are bad, ok runs are good; `unknown` runs and runs that were skipped,
///   cancelled or interrupted are neither and leave the counters alone (an offline agent never pages).
/// - `forRuns` consecutive bad runs fire the alert at the worst severity among them; a critical run
///   while it fires as warning escalates (`.escalated`); a warning run while it fires as critical
///   lowers the severity without a notice; `resolveAfter` consecutive ok runs resolve it (`.resolved`).
/// - While firing, a notice repeats (`.repeated`) every `repeatInterval` after the last one.
/// - A watched key with no run for `noDataAfterIntervals × expectedInterval` (since its last run, or
///   since this engine started watching it) fires a critical `no_data` alert; the next recorded run
///   of any kind resolves it, then counts as usual.
/// - Held notices (silence, maintenance window, inhibition; ``AlertHold``) change the state like sent
///   ones and restart the repeat timer. When the silence or maintenance window that held a firing
///   alert's notice ends (its end passes, or it is deleted and ``tick(now:)`` runs after
///   ``setSilences(_:)``), the alert notifies at once: a `.repeated` notice whose summary ends
///   "(still firing after silence)". An inhibited alert notifies on its next repeat or change.
/// - Alert ids number firing periods; ``restore(_:)`` continues from the largest restored id + 1.
public struct AlertEngine: Sendable {
    var watches: [AlertKey: AlertWatch] = [:]
    var states: [AlertKey: AlertState] = [:]
    var watchedSinceMs: [AlertKey: Int64] = [:]
    var silences: [AlertSilence] = []
    var maintenance: [MaintenanceWindow] = []
    var isConfigured = false
    /// The id the next firing period gets.
    public internal(set) var nextAlertID: Int64 = 1

    public init() {}

    /// Every known state, sorted by key.
    public var allStates: [AlertState] { states.values.sorted { $0.key < $1.key } }

    public func state(for key: AlertKey) -> AlertState? { states[key] }

    /// Firing alerts by severity, counted without sorting or copying the states (after every run).
    public var firingCounts: [AlertSeverity: Int] {
        var counts: [AlertSeverity: Int] = [:]
        for state in states.values where state.firing { counts[state.severity ?? .critical, default: 0] += 1 }
        return counts
    }

    /// Sets the watched keys (first call and every reload). States of keys that remain are kept; keys
    /// no longer watched are forgotten (`.forget`). Newly watched keys start their `no_data` clock at `now`.
    public mutating func configure(watches newWatches: [AlertWatch], now: Int64) -> [AlertAction] {
        var next: [AlertKey: AlertWatch] = [:]
        for watch in newWatches { next[watch.key] = watch }
        var actions: [AlertAction] = []
        for key in states.keys.sorted() where next[key] == nil {
            states[key] = nil
            actions.append(.forget(key))
        }
        for key in watchedSinceMs.keys where next[key] == nil { watchedSinceMs[key] = nil }
        for key in next.keys where watchedSinceMs[key] == nil { watchedSinceMs[key] = now }
        watches = next
        isConfigured = true
        return finish(actions)
    }

    /// Takes back the states stored before a restart: a firing alert stays firing without a new
    /// notice and repeats from its `lastNotifiedMs`.
    public mutating func restore(_ restored: [AlertState]) {
        for state in restored where !isConfigured || watches[state.key] != nil {
            states[state.key] = state
            if let id = state.alertID, id >= nextAlertID { nextAlertID = id + 1 }
        }
    }

    public mutating func setSilences(_ silences: [AlertSilence]) { self.silences = silences }

    public mutating func setMaintenance(_ windows: [MaintenanceWindow]) { maintenance = windows }

    /// Counts one run of a watched key.
    public mutating func record(_ run: ProbeRunRecord, now: Int64) -> [AlertAction] {
        let key = AlertKey(probe: run.probe, route: run.route)
        guard let watch = watches[key] else { return finish([]) }
        var state = states[key] ?? AlertState(key: key)
        var notices: [AlertAction] = []
        state.lastRunMs = now
        if state.firing && state.noData {
            notices.append(resolve(&state, watch: watch, now: now, runID: run.id))
        }
        switch Self.verdict(of: run) {
        case .neutral:
            break
        case .bad(let severity):
            state.badRuns += 1
            state.goodRuns = 0
            let cause = Self.cause(of: run, severity: severity)
            if state.firing {
                state.cause = cause
                if let current = state.severity, severity > current {
                    state.severity = severity
                    notices.append(notify(.escalated, &state, watch: watch, now: now, runID: run.id))
                } else if let current = state.severity, severity < current {
                    state.severity = severity
                }
            } else {
                if severity >= (state.streakSeverity ?? .warning) { state.cause = cause }
                state.streakSeverity = max(state.streakSeverity ?? severity, severity)
                if state.badRuns >= watch.policy.forRuns {
                    notices.append(fire(&state, severity: state.streakSeverity ?? severity, watch: watch, now: now, runID: run.id))
                }
            }
        case .good:
            state.goodRuns += 1
            state.badRuns = 0
            state.streakSeverity = nil
            if state.firing && state.goodRuns >= watch.policy.resolveAfter {
                notices.append(resolve(&state, watch: watch, now: now, runID: run.id))
            }
        }
        states[key] = state
        return finish([.persist(state)] + notices)
    }

    /// Raises repeats, the notices of firing alerts whose silence or maintenance window ended, and
    /// `no_data` alerts due at `now`. Call it after ``setSilences(_:)`` too.
    public mutating func tick(now: Int64) -> [AlertAction] {
        var actions: [AlertAction] = []
        for key in watches.keys.sorted() {
            guard let watch = watches[key] else { continue }
            var state = states[key] ?? AlertState(key: key)
            if state.firing {
                let released = release(&state, watch: watch, now: now)
                if !released.isEmpty {
                    states[key] = state
                    actions += released
                    if released.count > 1 { continue }
                }
                let repeatMs = Self.milliseconds(watch.policy.repeatInterval)
                let last = state.lastNotifiedMs ?? state.sinceMs ?? now
                guard repeatMs > 0, now - last >= repeatMs else { continue }
                let notice = notify(.repeated, &state, watch: watch, now: now, runID: state.cause?.runID)
                states[key] = state
                actions += [.persist(state), notice]
            } else if let due = noDataDue(key, watch: watch, state: state), now >= due {
                let windowMs = Self.noDataWindowMs(watch)
                let words = AlertWording.noData(intervals: watch.policy.noDataAfterIntervals, windowMs: windowMs)
                state.cause = AlertCause(severity: .critical, reasonKind: AlertWording.noDataKind, words: words, detail: words)
                state.noData = true
                let notice = fire(&state, severity: .critical, watch: watch, now: now, runID: nil)
                states[key] = state
                actions += [.persist(state), notice]
            }
        }
        return finish(actions)
    }

    /// When ``tick(now:)`` has something to do next: the earliest repeat or `no_data` instant.
    public var nextWakeUpMs: Int64? {
        var earliest: Int64?
        for (key, watch) in watches {
            let state = states[key] ?? AlertState(key: key)
            let due: Int64?
            if state.firing {
                let repeatMs = Self.milliseconds(watch.policy.repeatInterval)
                let repeatDue = repeatMs > 0 ? (state.lastNotifiedMs ?? state.sinceMs).map { Self.adding($0, repeatMs) } : nil
                due = [repeatDue, state.heldUntilMs].compactMap(\.self).min()
            } else {
                due = noDataDue(key, watch: watch, state: state)
            }
            if let due, earliest.map({ due < $0 }) ?? true { earliest = due }
        }
        return earliest
    }

    // MARK: - Internals

    enum Verdict { case good, bad(AlertSeverity), neutral }

    static func verdict(of run: ProbeRunRecord) -> Verdict {
        switch run.state {
        case .skipped, .cancelled, .interrupted: return .neutral
        case .completed: break
        }
        switch run.status {
        case .ok: return .good
        case .warning: return .bad(.warning)
        case .critical: return .bad(.critical)
        case .unknown: return .neutral
        }
    }

    func noDataDue(_ key: AlertKey, watch: AlertWatch, state: AlertState) -> Int64? {
        let windowMs = Self.noDataWindowMs(watch)
        guard windowMs > 0, let since = watchedSinceMs[key] else { return nil }
        return Self.adding(max(state.lastRunMs ?? since, since), windowMs)
    }

    static func noDataWindowMs(_ watch: AlertWatch) -> Int64 {
        let (product, overflow) = milliseconds(watch.expectedInterval).multipliedReportingOverflow(by: Int64(watch.policy.noDataAfterIntervals))
        return overflow ? .max : product
    }

    func finish(_ actions: [AlertAction]) -> [AlertAction] {
        guard let wake = nextWakeUpMs else { return actions }
        return actions + [.wakeUp(atMs: wake)]
    }

    /// Whole milliseconds in `duration`, saturating.
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? .min : .max }
        return adding(ms, attoseconds / 1_000_000_000_000_000)
    }

    static func adding(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? .min : .max) : sum
    }
}
