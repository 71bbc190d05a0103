/// One notification to send: what a person needs at 3 a.m., ready for every notifier.
///
/// `summary` is the one line that goes first (and alone into an SMS):
/// `CRITICAL corp-roundtrip (office-berlin): accepting the message took 23.4 s (critical > 20 s) at submit.data_accepted, smtp.corp.example:587`.
public struct AlertNotice: Sendable, Hashable, Codable {
    public enum Event: String, Sendable, Hashable, Codable {
        /// The alert started.
        case firing
        /// It went from warning to critical.
        case escalated
        /// Still firing after `alerts.repeat`.
        case repeated = "repeat"
        /// It ended: the recovery notice.
        case resolved
        /// `mailprobe alert test`: not about any probe's health.
        case test
    }

    /// The alert's id in the store (one per firing period).
    public var alertID: Int64
    public var key: AlertKey
    public var event: Event
    public var severity: AlertSeverity
    /// `threshold`, `timeout`, `lost`, `no_data`, … (the main reason's kind).
    public var reasonKind: String
    /// The phase the main reason names, if any.
    public var phase: String?
    public var location: String?
    /// The one line that goes first.
    public var summary: String
    /// The reason in words, quoting the server.
    public var detail: String
    /// The server's reply, as it said it.
    public var serverReply: String?
    /// When the alert started firing, Unix ms.
    public var sinceMs: Int64
    /// When this notice was raised, Unix ms.
    public var atMs: Int64
    /// The run that caused this notice, when there is one.
    public var runID: Int64?
    /// A link to that run on the dashboard (`serve.public_url`/runs/ID), when a public URL is set.
    public var runURL: String?

    enum CodingKeys: String, CodingKey {
        case key, event, severity, phase, location, summary, detail
        case alertID = "alert_id"
        case reasonKind = "reason"
        case serverReply = "server_reply"
        case sinceMs = "since_ms"
        case atMs = "at_ms"
        case runID = "run_id"
        case runURL = "run_url"
    }

    public init(alertID: Int64, key: AlertKey, event: Event, severity: AlertSeverity, reasonKind: String, phase: String? = nil,
                location: String? = nil, summary: String, detail: String, serverReply: String? = nil, sinceMs: Int64,
                atMs: Int64, runID: Int64? = nil, runURL: String? = nil) {
        self.alertID = alertID
        self.key = key
        self.event = event
        self.severity = severity
        self.reasonKind = reasonKind
        self.phase = phase
        self.location = location
        self.summary = summary
        self.detail = detail
        self.serverReply = serverReply
        self.sinceMs = sinceMs
        self.atMs = atMs
        self.runID = runID
        self.runURL = runURL
    }
}
