/// The outcome class of a failed run; each kind is drawn with its own shape and colour (`marker-<raw>`).
public enum MarkerKind: String, Sendable, Hashable, CaseIterable {
    case timeout
    case rejected4xx
    case rejected5xx
    case auth
    case tls
    case late
    case lost
    case junk
    case corrupted
    /// Completed, but a phase took longer than its threshold allows: slow, not broken.
    case slow
    case other
}
