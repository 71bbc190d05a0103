/// What an alert is about: one probe, or one route of a transit probe.
public struct AlertKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var probe: String
    /// `corp->other` for a transit route; `nil` for the probe as a whole.
    public var route: String?

    public init(probe: String, route: String? = nil) {
        self.probe = probe
        self.route = route
    }

    public var description: String { route.map { "\(probe) \($0)" } ?? probe }

    public static func < (lhs: AlertKey, rhs: AlertKey) -> Bool {
        (lhs.probe, lhs.route ?? "") < (rhs.probe, rhs.route ?? "")
    }
}
