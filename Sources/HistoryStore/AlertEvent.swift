import MonitorCore

/// One line of alert history: an alert fired, escalated, repeated or resolved.
public struct AlertEvent: Sendable, Hashable, Codable {
    /// The store's id, once stored.
    public var id: Int64?
    public var key: AlertKey
    /// The alert's id (one per firing period).
    public var alertID: Int64
    public var event: AlertNotice.Event
    public var severity: AlertSeverity
    /// When it happened, Unix ms.
    public var atMs: Int64
    public var summary: String
    /// Why it was not sent (silenced, outside notification hours, …); `nil` when it was.
    public var held: String?

    enum CodingKeys: String, CodingKey {
        case id, key, event, severity, summary, held
        case alertID = "alert_id"
        case atMs = "at_ms"
    }

    public init(id: Int64? = nil, key: AlertKey, alertID: Int64, event: AlertNotice.Event, severity: AlertSeverity,
                atMs: Int64, summary: String, held: String? = nil) {
        self.id = id
        self.key = key
        self.alertID = alertID
        self.event = event
        self.severity = severity
        self.atMs = atMs
        self.summary = summary
        self.held = held
    }
}
