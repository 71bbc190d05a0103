import Probe

extension AlertEngine {
    /// Whether notices of `key` (at `location`) are held at `now`: silences first, then maintenance
    /// windows, then inhibition by a firing key.
    public func hold(for key: AlertKey, location: String?, at now: Int64) -> AlertHold? {
        if let silence = silences.first(where: { $0.matches(key, location: location, at: now) }) {
            return .silenced(id: silence.id)
        }
        if maintenance.contains(where: { $0.covers(key, location: location, at: now) }) {
            return .maintenance
        }
        let inhibitors = watches[key]?.inhibitedBy ?? []
        if let firing = inhibitors.first(where: { $0 != key && states[$0]?.firing == true }) {
            return .inhibited(by: firing)
        }
        return nil
    }

    /// Starts a firing period at `severity`.
    mutating func fire(_ state: inout AlertState, severity: AlertSeverity, watch: AlertWatch, now: Int64, runID: Int64?) -> AlertAction {
        state.alertID = nextAlertID
        nextAlertID += 1
        state.firing = true
        state.severity = severity
        state.sinceMs = now
        return notify(.firing, &state, watch: watch, now: now, runID: runID)
    }

    /// Ends the firing period with a recovery notice and clears the counters.
    mutating func resolve(_ state: inout AlertState, watch: AlertWatch, now: Int64, runID: Int64?) -> AlertAction {
        let notice = notify(.resolved, &state, watch: watch, now: now, runID: runID)
        state.firing = false
        state.severity = nil
        state.noData = false
        state.badRuns = 0
        state.goodRuns = 0
        state.streakSeverity = nil
        return notice
    }

    /// The notice of `event` for the state as it is, marked held when it must not be sent; `released` is the
    /// silence or maintenance window whose end this notice follows (said so in the summary).
    mutating func notify(_ event: AlertNotice.Event, _ state: inout AlertState, watch: AlertWatch, now: Int64, runID: Int64?,
                         released: AlertHold? = nil) -> AlertAction {
        let cause = state.cause ?? AlertCause(severity: state.severity ?? .critical, reasonKind: "unknown",
                                              words: "no reason recorded", detail: "no reason recorded")
        let severity = state.severity ?? cause.severity
        let since = state.sinceMs ?? now
        let summary: String
        switch event {
        case .resolved:
            var was = cause
            was.severity = severity
            summary = AlertWording.recovery(key: state.key, afterMs: now - since, was: was)
        case .firing, .escalated, .repeated, .test:
            summary = AlertWording.summary(severity, key: state.key, location: watch.location, words: cause.words)
                + (released.map(AlertWording.afterHold) ?? "")
        }
        state.lastNotifiedMs = now
        let held = hold(for: state.key, location: watch.location, at: now)
        if event != .resolved, Self.mutes(held) {
            state.heldBy = held
            state.heldUntilMs = muteEnd(for: state.key, location: watch.location, at: now)
        } else {
            state.heldBy = nil
            state.heldUntilMs = nil
        }
        let notice = AlertNotice(alertID: state.alertID ?? 0, key: state.key, event: event, severity: severity,
                                 reasonKind: cause.reasonKind, phase: cause.phase, location: watch.location,
                                 summary: summary, detail: cause.detail, serverReply: cause.serverReply,
                                 sinceMs: since, atMs: now, runID: runID)
        return .notify(notice, notifiers: watch.notifiers, held: held)
    }

    /// What a bad run is about, in words.
    static func cause(of run: ProbeRunRecord, severity: AlertSeverity) -> AlertCause {
        guard let reason = run.mainReason else {
            let words = "the probe reported \(run.status.rawValue)"
            return AlertCause(severity: severity, reasonKind: "status", words: words, detail: words, runID: run.id)
        }
        return AlertCause(severity: severity, reasonKind: reason.kind.rawValue, phase: reason.phase,
                          words: AlertWording.words(for: reason, in: run), detail: reason.message,
                          serverReply: AlertWording.serverReply(reason.reply), runID: run.id)
    }
}
