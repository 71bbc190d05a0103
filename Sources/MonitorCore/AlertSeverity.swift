/// How bad a firing alert is.
public enum AlertSeverity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case warning
    case critical

    private var rank: Int { self == .warning ? 0 : 1 }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}
