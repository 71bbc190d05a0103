/// A planned window (from the configuration) during which matching alerts' notices are held.
///
/// `nil` matchers match everything; a window with all three `nil` covers every alert (it is
/// written in the configuration on purpose). With ``weeklyRepeat`` the same window recurs every
/// 7 days after the first, forever.
public struct MaintenanceWindow: Sendable, Hashable, Codable {
    public static let weekMs: Int64 = 7 * 24 * 3_600_000

    public var probe: String?
    public var route: String?
    public var location: String?
    public var startMs: Int64
    /// Exclusive.
    public var endMs: Int64
    public var weeklyRepeat: Bool

    enum CodingKeys: String, CodingKey {
        case probe, route, location
        case startMs = "start_ms"
        case endMs = "end_ms"
        case weeklyRepeat = "weekly_repeat"
    }

    public init(probe: String? = nil, route: String? = nil, location: String? = nil, startMs: Int64, endMs: Int64,
                weeklyRepeat: Bool = false) {
        self.probe = probe
        self.route = route
        self.location = location
        self.startMs = startMs
        self.endMs = endMs
        self.weeklyRepeat = weeklyRepeat
    }

    /// Whether the window is open at `nowMs` (a window of a week or longer that repeats is always open).
    public func isOpen(at nowMs: Int64) -> Bool {
        guard nowMs >= startMs, endMs > startMs else { return false }
        guard weeklyRepeat else { return nowMs < endMs }
        let length = endMs - startMs
        return length >= Self.weekMs || (nowMs - startMs) % Self.weekMs < length
    }

    /// When the occurrence open at `nowMs` closes (`Int64.max` for one that never closes); `nil` when it is not open.
    public func closes(after nowMs: Int64) -> Int64? {
        guard isOpen(at: nowMs) else { return nil }
        guard weeklyRepeat else { return endMs }
        let length = endMs - startMs
        if length >= Self.weekMs { return .max }
        return nowMs - (nowMs - startMs) % Self.weekMs + length
    }

    /// Whether it covers `key` (at `location`) at `nowMs`.
    public func covers(_ key: AlertKey, location: String?, at nowMs: Int64) -> Bool {
        isOpen(at: nowMs) && AlertMatcher.matches(probe: probe, route: route, location: self.location, key: key, at: location)
    }
}
