/// A person's "don't page me about this until …", stored and matched against alerts.
///
/// A `nil` matcher matches everything. A silence with all three matchers `nil` would silence every
/// alert, so it matches nothing unless ``matchesAll`` says so explicitly (an empty API form must not
/// silence everything by accident).
public struct AlertSilence: Sendable, Hashable, Codable {
    public var id: Int64
    public var probe: String?
    public var route: String?
    public var location: String?
    public var startsAtMs: Int64
    /// Exclusive.
    public var endsAtMs: Int64
    public var comment: String
    public var createdBy: String?
    /// Set to silence every alert with all three matchers `nil`.
    public var matchesAll: Bool

    enum CodingKeys: String, CodingKey {
        case id, probe, route, location, comment
        case startsAtMs = "starts_at_ms"
        case endsAtMs = "ends_at_ms"
        case createdBy = "created_by"
        case matchesAll = "matches_all"
    }

    public init(id: Int64, probe: String? = nil, route: String? = nil, location: String? = nil, startsAtMs: Int64,
                endsAtMs: Int64, comment: String, createdBy: String? = nil, matchesAll: Bool = false) {
        self.id = id
        self.probe = probe
        self.route = route
        self.location = location
        self.startsAtMs = startsAtMs
        self.endsAtMs = endsAtMs
        self.comment = comment
        self.createdBy = createdBy
        self.matchesAll = matchesAll
    }

    /// Whether it silences `key` (at `location`) at `nowMs`.
    public func matches(_ key: AlertKey, location: String?, at nowMs: Int64) -> Bool {
        guard startsAtMs <= nowMs && nowMs < endsAtMs else { return false }
        if probe == nil && route == nil && self.location == nil { return matchesAll }
        return AlertMatcher.matches(probe: probe, route: route, location: self.location, key: key, at: location)
    }
}

/// `nil` matches everything; a value matches exactly.
enum AlertMatcher {
    static func matches(probe: String?, route: String?, location: String?, key: AlertKey, at keyLocation: String?) -> Bool {
        (probe.map { $0 == key.probe } ?? true)
            && (route.map { $0 == key.route } ?? true)
            && (location.map { $0 == keyLocation } ?? true)
    }
}
