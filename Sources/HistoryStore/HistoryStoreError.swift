/// A problem with the history database: opening it, a bad argument, or a row that does not decode.
///
///     /var/lib/mailprobe/history.sqlite: cannot open the history database: SQLite error 14: unable to open database file
public struct HistoryStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The database file cannot be created, opened or migrated.
        public static let cannotOpen = Code("cannot_open")
        /// An argument out of range (a limit, a time span, a step).
        public static let invalidArgument = Code("invalid_argument")
        /// A pagination cursor this store did not hand out.
        public static let invalidCursor = Code("invalid_cursor")
        /// A stored row that does not decode (JSON, histogram blob).
        public static let corruptRow = Code("corrupt_row")
        /// The row an operation names does not exist.
        public static let notFound = Code("not_found")
    }

    public var code: Code
    /// The database file, or `:memory:`.
    public var path: String
    /// What is wrong.
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
