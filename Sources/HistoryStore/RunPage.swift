import Probe

/// One page of runs, newest first.
public struct RunPage: Sendable, Hashable {
    public var runs: [ProbeRunRecord]
    /// Pass it as ``RunQuery/cursor`` for the next page; `nil` when this is the last.
    public var nextCursor: String?

    public init(runs: [ProbeRunRecord], nextCursor: String?) {
        self.runs = runs
        self.nextCursor = nextCursor
    }
}
