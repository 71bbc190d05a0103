/// Everything the engine knows about one key, persisted (as JSON) after every change so it survives a restart.
public struct AlertState: Sendable, Hashable, Codable {
    public var key: AlertKey
    /// The current firing period's id, or the last one's; `nil` before the first.
    public var alertID: Int64?
    public var firing: Bool
    /// While firing: how bad it is now.
    public var severity: AlertSeverity?
    /// While firing: when it started, Unix ms.
    public var sinceMs: Int64?
    /// Consecutive bad (warning or critical) runs.
    public var badRuns: Int
    /// Consecutive ok runs.
    public var goodRuns: Int
    /// The worst status among the current bad runs.
    public var streakSeverity: AlertSeverity?
    /// What the alert is (or would be) about: the reason of the latest bad run.
    public var cause: AlertCause?
    /// When the last notice (sent or held) was raised; repeats count from here.
    public var lastNotifiedMs: Int64?
    /// When the last run was recorded, Unix ms.
    public var lastRunMs: Int64?
    /// Firing because no run was recorded.
    public var noData: Bool
    /// While firing: the silence or maintenance window that held its last notice back (`nil` once one was sent).
    public var heldBy: AlertHold?
    /// While ``heldBy`` is set: when that hold ends, Unix ms; the engine notifies again then if still firing.
    public var heldUntilMs: Int64?

    enum CodingKeys: String, CodingKey {
        case key, firing, severity, cause
        case alertID = "alert_id"
        case sinceMs = "since_ms"
        case badRuns = "bad_runs"
        case goodRuns = "good_runs"
        case streakSeverity = "streak_severity"
        case lastNotifiedMs = "last_notified_ms"
        case lastRunMs = "last_run_ms"
        case noData = "no_data"
        case heldBy = "held_by"
        case heldUntilMs = "held_until_ms"
    }

    public init(key: AlertKey, alertID: Int64? = nil, firing: Bool = false, severity: AlertSeverity? = nil,
                sinceMs: Int64? = nil, badRuns: Int = 0, goodRuns: Int = 0, streakSeverity: AlertSeverity? = nil,
                cause: AlertCause? = nil, lastNotifiedMs: Int64? = nil, lastRunMs: Int64? = nil, noData: Bool = false) {
        self.key = key
        self.alertID = alertID
        self.firing = firing
        self.severity = severity
        self.sinceMs = sinceMs
        self.badRuns = badRuns
        self.goodRuns = goodRuns
        self.streakSeverity = streakSeverity
        self.cause = cause
        self.lastNotifiedMs = lastNotifiedMs
        self.lastRunMs = lastRunMs
        self.noData = noData
    }
}

/// What an alert is about, in words, kept so repeats and the recovery notice can say it again.
public struct AlertCause: Sendable, Hashable, Codable {
    public var severity: AlertSeverity
    /// The main reason's kind (`threshold`, `timeout`, `no_data`, …).
    public var reasonKind: String
    public var phase: String?
    /// The reason in words: `accepting the message took 23.4 s (critical > 20 s) at submit.data_accepted, smtp.corp.example:587`.
    public var words: String
    /// The probe's own explanation, quoting the server.
    public var detail: String
    public var serverReply: String?
    public var runID: Int64?

    enum CodingKeys: String, CodingKey {
        case severity, phase, words, detail
        case reasonKind = "reason"
        case serverReply = "server_reply"
        case runID = "run_id"
    }

    public init(severity: AlertSeverity, reasonKind: String, phase: String? = nil, words: String, detail: String,
                serverReply: String? = nil, runID: Int64? = nil) {
        self.severity = severity
        self.reasonKind = reasonKind
        self.phase = phase
        self.words = words
        self.detail = detail
        self.serverReply = serverReply
        self.runID = runID
    }
}
