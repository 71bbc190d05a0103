/// A horizontal dashed line at a value, e.g. the warning limit of a phase.
public struct ThresholdLine: Sendable, Hashable {
    /// The value in the chart's unit.
    public var value: Double
    public var severity: ThresholdSeverity
    /// Written next to the line, e.g. `warn 20 s`.
    public var label: String

    public init(value: Double, severity: ThresholdSeverity, label: String) {
        self.value = value
        self.severity = severity
        self.label = label
    }
}
