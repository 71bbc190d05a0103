import MonitorCore

/// A silence: alerts it matches are not sent between `startsAtMs` and `endsAtMs`.
///
/// A `nil` matcher matches anything: `probe: "corp", route: nil, location: nil` silences every route of `corp`;
/// one with no matcher at all silences nothing, as in the alert engine (``alertSilence``).
public struct StoredSilence: Sendable, Hashable, Codable {
    public var id: Int64?
    public var probe: String?
    public var route: String?
    public var location: String?
    public var startsAtMs: Int64
    public var endsAtMs: Int64
    public var comment: String
    public var createdBy: String?

    enum CodingKeys: String, CodingKey {
        case id, probe, route, location, comment
        case startsAtMs = "starts_at_ms"
        case endsAtMs = "ends_at_ms"
        case createdBy = "created_by"
    }

    public init(id: Int64? = nil, probe: String?, route: String?, location: String?, startsAtMs: Int64, endsAtMs: Int64,
                comment: String, createdBy: String?) {
        self.id = id
        self.probe = probe
        self.route = route
        self.location = location
        self.startsAtMs = startsAtMs
        self.endsAtMs = endsAtMs
        self.comment = comment
        self.createdBy = createdBy
    }

    /// In force at `atMs`: `startsAtMs <= atMs < endsAtMs`.
    public func isActive(atMs: Int64) -> Bool {
        startsAtMs <= atMs && atMs < endsAtMs
    }

    /// The alert engine's form of it, with the engine's matching; nil before the store has given it an id.
    ///
    /// `matchesAll` is false: the store keeps no such flag, so a silence with no matcher silences nothing.
    public var alertSilence: AlertSilence? {
        id.map { matching(id: $0) }
    }

    /// Whether it silences the alert `key` of a probe at `location`, at `atMs`: ``AlertSilence/matches(_:location:at:)``.
    public func silences(_ key: AlertKey, location: String?, atMs: Int64) -> Bool {
        matching(id: id ?? 0).matches(key, location: location, at: atMs)
    }

    private func matching(id: Int64) -> AlertSilence {
        AlertSilence(id: id, probe: probe, route: route, location: location, startsAtMs: startsAtMs, endsAtMs: endsAtMs,
                     comment: comment, createdBy: createdBy)
    }
}
