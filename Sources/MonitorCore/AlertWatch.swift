/// One key the alert engine watches, with its policy and where its notices go.
public struct AlertWatch: Sendable, Hashable {
    public var key: AlertKey
    public var policy: AlertPolicy
    /// The probe's interval: `no_data` fires after `policy.noDataAfterIntervals` of them without a run.
    public var expectedInterval: Duration
    /// Where the probe runs from (`office-berlin`); named in notices and matched by silences.
    public var location: String?
    /// While any of these keys fires, this watch's notices are held.
    public var inhibitedBy: [AlertKey]
    /// The notifier names its notices go to.
    public var notifiers: [String]

    public init(key: AlertKey, policy: AlertPolicy = AlertPolicy(), expectedInterval: Duration, location: String? = nil,
                inhibitedBy: [AlertKey] = [], notifiers: [String] = []) {
        self.key = key
        self.policy = policy
        self.expectedInterval = expectedInterval
        self.location = location
        self.inhibitedBy = inhibitedBy
        self.notifiers = notifiers
    }
}
