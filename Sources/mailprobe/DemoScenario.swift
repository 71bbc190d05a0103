import MailTestServer

/// The demo's scripted trouble, repeating every ``period``: which faults the two test servers
/// ("corp" and "partner") carry at an elapsed time. No clock is read here; the driver feeds it.
///
///     var scenario = DemoScenario(period: .seconds(120))
///     for change in scenario.advance(to: .seconds(30)) { apply(change.faults) }   // [.slowSubmission]
///     let wake = scenario.nextChange                                                // .seconds(54)
///
/// At the standard period of 120 s (``scale`` 1): normal for 24 s; corp's DATA acceptance takes
/// 2.5 s (thresholds 1 s / 2 s) for 30 s; partner -> corp delivery takes 3.5 s (threshold 3 s)
/// for 30 s; corp refuses RCPT TO with a 451 for about two probe intervals; then all is well
/// until the period ends. A shorter period scales the phases, the probe interval, the faults
/// and the thresholds alike, so the same story plays faster.
struct DemoScenario: Sendable {
    /// The parts of one period, in order.
    enum Phase: String, Sendable, Hashable, CaseIterable {
        case normal
        case slowSubmission = "slow-submission"
        case slowDelivery = "slow-delivery"
        case rejecting
        case recovering

        /// Where the phase starts, in thousandths of the period (integers: boundaries are exact).
        var startPerMille: Int64 {
            switch self {
            case .normal: 0
            case .slowSubmission: 200
            case .slowDelivery: 450
            case .rejecting: 700
            case .recovering: 780
            }
        }
    }

    /// What the test servers do wrong during one phase.
    struct Faults: Sendable, Hashable {
        /// corp's fault plan (its DATA acceptance, its RCPT TO).
        var corp: FaultPlan
        /// How much later than at once mail from partner reaches corp.
        var partnerToCorpDelay: Duration
    }

    /// The demo entered `phase`: apply `faults`, tell the user `headline`.
    struct Change: Sendable, Hashable {
        var phase: Phase
        var faults: Faults
        var headline: String
    }

    /// The standard period: the story as a new user sees it.
    static let standardPeriod: Duration = .seconds(120)
    /// The reply corp gives to RCPT TO while rejecting, as Postfix words a failed lookup.
    static let rejectReply = (code: "451", text: "4.3.0 Temporary lookup failure")

    let period: Duration
    /// `period` / 120 s: every duration of the story is multiplied by it.
    let scale: Double
    /// The phase the last ``advance(to:)`` found, and in which period.
    private(set) var current: (phase: Phase, cycle: Int64)?
    /// Where the next phase starts, since the demo started.
    private(set) var nextChange: Duration = .zero

    init(period: Duration = Self.standardPeriod) {
        self.period = period
        self.scale = Self.seconds(period) / Self.seconds(Self.standardPeriod)
    }

    // MARK: - The story's numbers (scaled)

    /// Between two runs of each probe.
    var probeInterval: Duration { scaled(.seconds(5)) }
    /// `submit.data_accepted` thresholds.
    var dataAcceptedThresholds: (warning: Duration, critical: Duration) { (scaled(.seconds(1)), scaled(.seconds(2))) }
    /// How long corp takes to accept DATA while slow.
    var slowDataAccepted: Duration { scaled(.milliseconds(2500)) }
    /// The `delivery` warning threshold.
    var deliveryThreshold: Duration { scaled(.seconds(3)) }
    /// How long partner -> corp delivery takes while slow.
    var slowDelivery: Duration { scaled(.milliseconds(3500)) }

    /// A duration of the standard story at this period's speed, to the millisecond.
    func scaled(_ duration: Duration) -> Duration {
        .milliseconds(max(1, Int64((Self.seconds(duration) * scale * 1000).rounded())))
    }

    // MARK: - Driving

    /// The phase at `elapsed` since the demo started.
    func phase(at elapsed: Duration) -> Phase {
        let within = max(0, Self.milliseconds(elapsed)) % periodMilliseconds
        return Phase.allCases.last { $0.startPerMille * periodMilliseconds <= within * 1000 } ?? .normal
    }

    /// The faults of `phase`.
    func faults(in phase: Phase) -> Faults {
        var corp = FaultPlan()
        var delay = Duration.zero
        switch phase {
        case .normal, .recovering:
            break
        case .slowSubmission:
            corp.add(.delay(slowDataAccepted), at: .smtp("data_accepted"))
        case .slowDelivery:
            delay = slowDelivery
        case .rejecting:
            corp.add(.reply(code: Self.rejectReply.code, text: Self.rejectReply.text), at: .smtp("rcpt_to"))
        }
        return Faults(corp: corp, partnerToCorpDelay: delay)
    }

    /// What the user is told when `phase` starts.
    func headline(of phase: Phase) -> String {
        let (warning, critical) = dataAcceptedThresholds
        return switch phase {
        case .normal: "scenario: all normal (it repeats every \(Self.text(period)))"
        case .slowSubmission:
            "scenario: corp accepts DATA slowly, \(Self.text(slowDataAccepted)) (thresholds \(Self.text(warning)) / \(Self.text(critical)))"
        case .slowDelivery:
            "scenario: partner -> corp delivery takes \(Self.text(slowDelivery)) (threshold \(Self.text(deliveryThreshold)))"
        case .rejecting: "scenario: corp answers RCPT TO with \(Self.rejectReply.code) \(Self.rejectReply.text)"
        case .recovering: "scenario: everything recovers"
        }
    }

    /// Advances to `elapsed`: the change to carry out when a new phase (or period) began since the
    /// last call, none otherwise. The first call always reports the phase it finds.
    mutating func advance(to elapsed: Duration) -> Change? {
        let cycle = max(0, Self.milliseconds(elapsed)) / periodMilliseconds
        let phase = phase(at: elapsed)
        nextChange = start(after: phase, cycle: cycle)
        if let current, current.phase == phase, current.cycle == cycle { return nil }
        current = (phase, cycle)
        return Change(phase: phase, faults: faults(in: phase), headline: headline(of: phase))
    }

    // MARK: - Helpers

    /// The period in whole milliseconds (at least 1).
    private var periodMilliseconds: Int64 { max(1, Self.milliseconds(period)) }

    /// Where the phase after `phase` of period `cycle` starts (the next period's first at the end).
    private func start(after phase: Phase, cycle: Int64) -> Duration {
        let phases = Phase.allCases
        let index = (phases.firstIndex(of: phase) ?? 0) + 1
        let perMille = index < phases.count ? phases[index].startPerMille : 1000
        return .milliseconds(cycle * periodMilliseconds + perMille * periodMilliseconds / 1000)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `2.5 s`, `750 ms`.
    static func text(_ duration: Duration) -> String {
        let seconds = seconds(duration)
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        let tenths = (seconds * 10).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths)) s" : "\(tenths) s"
    }
}
