/// When an alert starts, ends and repeats (`alerts:` in the configuration).
public struct AlertPolicy: Sendable, Hashable {
    /// `for`: consecutive bad (warning or critical) runs before the alert fires.
    public var forRuns: Int
    /// Consecutive ok runs before a firing alert resolves.
    public var resolveAfter: Int
    /// How often a still-firing alert notifies again.
    public var repeatInterval: Duration
    /// No run recorded for this many expected intervals fires a `no_data` alert.
    public var noDataAfterIntervals: Int

    /// Counts below 1 are taken as 1.
    public init(forRuns: Int = 2, resolveAfter: Int = 2, repeatInterval: Duration = .seconds(4 * 3600),
                noDataAfterIntervals: Int = 3) {
        self.forRuns = max(1, forRuns)
        self.resolveAfter = max(1, resolveAfter)
        self.repeatInterval = repeatInterval
        self.noDataAfterIntervals = max(1, noDataAfterIntervals)
    }
}
