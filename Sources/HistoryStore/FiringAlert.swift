import MonitorCore

/// An alert that is firing now, as the last saved state says.
public struct FiringAlert: Sendable, Hashable, Codable {
    public var key: AlertKey
    public var severity: AlertSeverity
    /// When it started firing, Unix ms.
    public var sinceMs: Int64

    enum CodingKeys: String, CodingKey {
        case key, severity
        case sinceMs = "since_ms"
    }

    public init(key: AlertKey, severity: AlertSeverity, sinceMs: Int64) {
        self.key = key
        self.severity = severity
        self.sinceMs = sinceMs
    }
}
