import Probe

/// Which runs to list, newest first, one page at a time.
///
///     var query = RunQuery(probe: "corp", status: .critical, limit: 50)
///     let page = try store.runs(query)
///     query.cursor = page.nextCursor   // the next 50, or nil at the end
public struct RunQuery: Sendable, Hashable {
    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    public var probe: String?
    /// Runs of this route only; `nil` for any route (or none).
    public var route: String?
    public var status: ProbeStatus?
    /// Runs that started at or after this instant, Unix ms.
    public var sinceMs: Int64?
    /// Runs that started before this instant, Unix ms.
    public var untilMs: Int64?
    /// Runs per page: at least 1; more than ``maximumLimit`` gives ``maximumLimit``.
    public var limit: Int
    /// The previous page's ``RunPage/nextCursor``; `nil` for the first page.
    public var cursor: String?

    public init(probe: String? = nil, route: String? = nil, status: ProbeStatus? = nil, sinceMs: Int64? = nil,
                untilMs: Int64? = nil, limit: Int = RunQuery.defaultLimit, cursor: String? = nil) {
        self.probe = probe
        self.route = route
        self.status = status
        self.sinceMs = sinceMs
        self.untilMs = untilMs
        self.limit = limit
        self.cursor = cursor
    }
}
