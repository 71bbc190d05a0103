/// How serious a threshold or an alert period is; names the CSS classes `threshold-<raw>` and `band-<raw>`.
public enum ThresholdSeverity: String, Sendable, Hashable {
    case warning
    case critical
}
