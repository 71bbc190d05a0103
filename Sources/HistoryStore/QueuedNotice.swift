import MonitorCore

/// A notice to queue for one notifier: sent no earlier than `notBeforeMs`, once per `dedupKey`.
public struct QueuedNotice: Sendable, Hashable {
    /// The notifier's name in the configuration.
    public var notifier: String
    public var notice: AlertNotice
    /// Unique per notifier: queueing the same key twice is a no-op (`corp:42:firing`).
    public var dedupKey: String
    /// The first attempt's earliest instant, Unix ms.
    public var notBeforeMs: Int64

    public init(notifier: String, notice: AlertNotice, dedupKey: String, notBeforeMs: Int64) {
        self.notifier = notifier
        self.notice = notice
        self.dedupKey = dedupKey
        self.notBeforeMs = notBeforeMs
    }
}
