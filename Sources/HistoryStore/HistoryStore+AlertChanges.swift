import GRDB
import MonitorCore
import Probe

extension HistoryStore {
    /// Applies alert changes, in order, in one transaction: all of them land or none does.
    public func apply(_ changes: [AlertChange]) throws {
        guard !changes.isEmpty else { return }
        try writer.write { db in try apply(changes, db: db) }
    }

    /// Stores one run and the alert changes it causes in one transaction, so that a crash can never
    /// keep one without the other: `alertChanges` gets the run's new id (for the notices' links) and
    /// returns the changes, plus anything the caller wants back. When it or a change throws, the run
    /// is rolled back too (its journal row stays, to be recovered as interrupted).
    public func insert<Extra>(_ record: ProbeRunRecord, journalID: Int64?, keepTrace: Bool,
                              alertChanges: (Int64) throws -> (changes: [AlertChange], extra: Extra)) throws -> (id: Int64, extra: Extra) {
        try writer.write { db in
            let id = try insert(record, journalID: journalID, keepTrace: keepTrace, db: db)
            let (changes, extra) = try alertChanges(id)
            try apply(changes, db: db)
            return (id, extra)
        }
    }

    private func apply(_ changes: [AlertChange], db: Database) throws {
        for change in changes {
            switch change {
            case .save(let state, let event, let notices):
                _ = try saveAlert(key: state.key, state: state, firing: state.firing, severity: state.severity,
                                  sinceMs: state.sinceMs, event: event, notices: notices, db: db)
            case .delete(let key):
                try deleteAlert(key: key, db: db)
            case .supersede(let alertID, let notifier, let atMs):
                _ = try supersede(alertID: alertID, notifier: notifier, atMs: atMs, db: db)
            }
        }
    }
}
