/// One configured probe: what it measures, how often, and its limits.
///
///     probes:
///       corp-roundtrip:
///         type: roundtrip
///         account: corp
///         thresholds:
///           delivery: {warning: 60s, critical: 5m}
public struct ProbeSpec: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Send from the account to itself, and wait for the message there.
        case roundTrip(account: String)
        /// Send along each route, concurrently.
        case transit(routes: [TransitRoute])
        /// The account's SMTP service alone: a message to itself, or (`send: false`) only up to AUTH, then QUIT.
        case smtp(account: String, send: Bool)
        /// The account's IMAP service alone: login and select, and with `idleCheck` that IDLE is accepted.
        case imap(account: String, idleCheck: Bool)
    }

    /// The key under `probes`.
    public var name: String
    public var kind: Kind
    /// Between runs (for a daemon).
    public var interval: Duration
    /// For every network step.
    public var timeout: Duration
    /// Arriving later than this is `late` (a warning).
    public var lateAfter: Duration
    /// Not arrived by then: `lost` (critical).
    public var lostAfter: Duration
    public var thresholds: ProbeThresholds
    /// Notifiers for this probe's alerts (besides `alerts.routes`).
    public var notify: [String] = []
    /// The probe's own `for`, `resolve_after`, `repeat`.
    public var alerts = AlertsConfig.Overrides()

    public init(name: String, kind: Kind, interval: Duration, timeout: Duration, lateAfter: Duration, lostAfter: Duration,
                thresholds: ProbeThresholds = ProbeThresholds()) {
        self.name = name
        self.kind = kind
        self.interval = interval
        self.timeout = timeout
        self.lateAfter = lateAfter
        self.lostAfter = lostAfter
        self.thresholds = thresholds
    }

    /// The accounts the probe uses, each once, in route order.
    public var accountNames: [String] {
        switch kind {
        case .roundTrip(let account), .smtp(let account, _), .imap(let account, _): return [account]
        case .transit(let routes):
            var names: [String] = []
            for route in routes {
                for name in [route.from, route.to] where !names.contains(name) { names.append(name) }
            }
            return names
        }
    }

    /// The record kind of this probe's runs.
    public var recordKind: ProbeRunRecord.Kind {
        switch kind {
        case .roundTrip: .roundTrip
        case .transit: .transit
        case .smtp: .smtp
        case .imap: .imap
        }
    }

    public var description: String {
        let what: String
        switch kind {
        case .roundTrip(let account): what = "roundtrip \(account)"
        case .transit(let routes): what = "transit " + routes.map(\.description).joined(separator: ", ")
        case .smtp(let account, let send): what = "smtp \(account)\(send ? "" : " (no message)")"
        case .imap(let account, let idleCheck): what = "imap \(account)\(idleCheck ? " (IDLE checked)" : "")"
        }
        return "\(name): \(what) every \(ConfigDuration.format(interval)), timeout \(ConfigDuration.format(timeout)), "
            + "late after \(ConfigDuration.format(lateAfter)), lost after \(ConfigDuration.format(lostAfter))"
    }
}

/// A transit route between two accounts: `corp->other`.
public struct TransitRoute: Sendable, Hashable, CustomStringConvertible {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    /// `corp->other` (spaces around the arrow allowed); `nil` unless two non-empty names.
    public init?(_ text: String) {
        let parts = text.split(separator: "->", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let from = parts[0].trimmingSpaces, to = parts[1].trimmingSpaces
        guard !from.isEmpty, !to.isEmpty, !from.contains(" "), !to.contains(" ") else { return nil }
        self.init(from: from, to: to)
    }

    public var description: String { "\(from)->\(to)" }

    /// Every ordered pair of distinct accounts: n·(n−1) routes.
    public static func mesh(_ accounts: [String]) -> [TransitRoute] {
        accounts.flatMap { from in accounts.filter { $0 != from }.map { TransitRoute(from: from, to: $0) } }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
