/// The probe message of a run a crash interrupted: its token, to find and delete the message on the
/// probe's next run (``HistoryStore/leftoverTokens(probe:)``).
public struct LeftoverToken: Sendable, Hashable {
    public var token: String
    public var probe: String
    public var route: String?
    /// The interrupted run recorded for it.
    public var runID: Int64?
    /// Sweeps tried so far that failed.
    public var tries: Int

    public init(token: String, probe: String, route: String?, runID: Int64?, tries: Int) {
        self.token = token
        self.probe = probe
        self.route = route
        self.runID = runID
        self.tries = tries
    }
}
