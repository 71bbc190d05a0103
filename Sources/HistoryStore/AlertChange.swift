import MonitorCore

/// One store change the alert engine's actions call for; a batch of them is applied in one transaction,
/// together with the run that caused them (``HistoryStore/insert(_:journalID:keepTrace:alertChanges:)``).
public enum AlertChange: Sendable {
    /// A key's state, with the history event it raised and the notices it queued.
    case save(AlertState, event: AlertEvent?, notices: [QueuedNotice])
    /// The state of a key no longer watched (its history stays).
    case delete(AlertKey)
    /// The pending notices of an alert for a notifier, replaced by a newer one (the recovery).
    case supersede(alertID: Int64, notifier: String, atMs: Int64)
}
