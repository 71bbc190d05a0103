/// `alerts:` — when a run's status becomes an alert, whom it pages, and when it is quiet.
///
///     alerts:
///       for: 2
///       resolve_after: 2
///       repeat: 4h
///       routes:
///         - {severity: critical, notify: [oncall-sms]}
///       fallback: ops-mail
///       silences:
///         - {probe: corp-roundtrip, ends: "2026-12-24T18:00:00Z", comment: "provider maintenance"}
///       maintenance:
///         - {probe: corp-roundtrip, start: "2026-12-06T02:00:00Z", end: "2026-12-06T04:00:00Z", weekly: true}
public struct AlertsConfig: Sendable, Hashable {
    /// A probe's own `alerts:` overrides: only what it sets.
    public struct Overrides: Sendable, Hashable {
        public var forRuns: Int?
        public var resolveAfter: Int?
        public var repeatInterval: Duration?

        public init(forRuns: Int? = nil, resolveAfter: Int? = nil, repeatInterval: Duration? = nil) {
            self.forRuns = forRuns
            self.resolveAfter = resolveAfter
            self.repeatInterval = repeatInterval
        }
    }

    /// Notifiers for every alert of a severity (and above, for `warning`).
    public struct Route: Sendable, Hashable {
        public var severity: String
        public var notify: [String]

        public init(severity: String, notify: [String]) {
            self.severity = severity
            self.notify = notify
        }
    }

    /// Silenced alerts are stored and shown, not sent.
    public struct Silence: Sendable, Hashable {
        public var probe: String?
        public var route: String?
        public var location: String?
        /// Unix ms; `nil` from the start.
        public var startsAtMs: Int64?
        public var endsAtMs: Int64
        public var comment: String

        public init(probe: String?, route: String?, location: String?, startsAtMs: Int64?, endsAtMs: Int64, comment: String) {
            self.probe = probe
            self.route = route
            self.location = location
            self.startsAtMs = startsAtMs
            self.endsAtMs = endsAtMs
            self.comment = comment
        }
    }

    /// A planned quiet period, optionally every week again.
    public struct Maintenance: Sendable, Hashable {
        public var probe: String?
        public var route: String?
        public var location: String?
        public var startMs: Int64
        public var endMs: Int64
        public var weekly: Bool

        public init(probe: String?, route: String?, location: String?, startMs: Int64, endMs: Int64, weekly: Bool) {
            self.probe = probe
            self.route = route
            self.location = location
            self.startMs = startMs
            self.endMs = endMs
            self.weekly = weekly
        }
    }

    public var forRuns: Int
    public var resolveAfter: Int
    public var repeatInterval: Duration
    /// A probe with no run for this many intervals raises `no_data`.
    public var noDataAfterIntervals: Int
    public var routes: [Route]
    /// Used when a notifier gives up.
    public var fallback: String?
    public var silences: [Silence]
    public var maintenance: [Maintenance]

    public init(forRuns: Int = 2, resolveAfter: Int = 2, repeatInterval: Duration = .seconds(4 * 3600), noDataAfterIntervals: Int = 3,
                routes: [Route] = [], fallback: String? = nil, silences: [Silence] = [], maintenance: [Maintenance] = []) {
        self.forRuns = forRuns
        self.resolveAfter = resolveAfter
        self.repeatInterval = repeatInterval
        self.noDataAfterIntervals = noDataAfterIntervals
        self.routes = routes
        self.fallback = fallback
        self.silences = silences
        self.maintenance = maintenance
    }
}
