/// Why a notice is held back: returned marked, persisted like any other, not to be sent.
public enum AlertHold: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A silence (its store id) matches the alert.
    case silenced(id: Int64)
    /// A maintenance window covers the alert.
    case maintenance
    /// A key this watch is inhibited by is firing.
    case inhibited(by: AlertKey)

    public var description: String {
        switch self {
        case .silenced(let id): "silenced (silence \(id))"
        case .maintenance: "in a maintenance window"
        case .inhibited(let key): "inhibited by \(key)"
        }
    }
}
