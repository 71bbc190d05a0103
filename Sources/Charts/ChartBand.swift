/// A period drawn as a shaded band behind the data, e.g. while an alert was firing.
public struct ChartBand: Sendable, Hashable {
    /// Unix milliseconds, inclusive.
    public var start: Int64
    /// Unix milliseconds; a band whose end is before its start is drawn from `end` to `start`.
    public var end: Int64
    public var severity: ThresholdSeverity
    /// The band's tooltip, e.g. `CRITICAL delivery slow`.
    public var label: String

    public init(start: Int64, end: Int64, severity: ThresholdSeverity, label: String) {
        self.start = start
        self.end = end
        self.severity = severity
        self.label = label
    }
}
