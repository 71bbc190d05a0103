import Foundation
import GRDB

/// The daemon's history in SQLite: probe runs, their rollups, alert states and events,
/// the notification outbox and silences.
///
/// Every method is synchronous and blocks on SQLite: call it from a thread of your own
/// (or a `DispatchQueue`), never from the cooperative pool. Writes that belong together
/// (a run and its rollups; an alert's state, its event and its notices) share one transaction.
///
///     let store = try HistoryStore(path: "/var/lib/mailprobe/history.sqlite")
///     let journal = try store.journalStart(probe: "corp", route: nil, kind: .roundTrip, startedAtMs: now, token: token, location: nil)
///     let id = try store.insert(record, journalID: journal, keepTrace: false)
public final class HistoryStore: Sendable {
    /// The pool (a file, WAL mode) or queue (in memory) every query goes through.
    let writer: any DatabaseWriter
    /// The file, or `:memory:`, for error messages.
    let path: String

    /// Opens (or creates) the database at `path` in WAL mode and brings its schema up to date.
    ///
    /// The directory is created when it is missing. Errors name the path.
    public init(path: String) throws {
        self.path = path
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            var configuration = Configuration()
            configuration.label = "HistoryStore"
            configuration.busyMode = .timeout(5)
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            writer = pool
        } catch {
            throw HistoryStoreError(.cannotOpen, path: path, "cannot open the history database: \(error)")
        }
    }

    private init(writer: any DatabaseWriter, path: String) throws {
        self.writer = writer
        self.path = path
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw HistoryStoreError(.cannotOpen, path: path, "cannot migrate the history database: \(error)")
        }
    }

    /// A store in memory, gone when released: for tests.
    public static func inMemory() throws -> HistoryStore {
        try HistoryStore(writer: DatabaseQueue(), path: ":memory:")
    }

    // MARK: - Shared helpers

    /// The key column for an optional route: SQLite's unique constraints treat NULLs as distinct, so none is `''`.
    static func routeKey(_ route: String?) -> String { route ?? "" }

    /// The optional route of a key column.
    static func route(fromKey key: String) -> String? { key.isEmpty ? nil : key }

    /// JSON as stored: sorted keys, so equal values give equal text.
    static func encodeJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes a stored JSON column; a failure names the table and row.
    func decodeJSON<T: Decodable>(_ type: T.Type, from text: String, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw HistoryStoreError(.corruptRow, path: path, "\(what) does not decode as \(T.self): \(error)")
        }
    }

    /// The error for a bad argument.
    func invalid(_ message: String) -> HistoryStoreError {
        HistoryStoreError(.invalidArgument, path: path, message)
    }
}
