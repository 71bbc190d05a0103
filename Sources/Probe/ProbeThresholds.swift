import MailTransport

/// Limits per phase and for certificates; crossing one makes a probe WARNING or CRITICAL.
///
///     submit.data_accepted: {warning: 10s, critical: 20s}
///     delivery:             {warning: 60s, critical: 5m}
public struct ProbeThresholds: Sendable, Hashable {
    public struct Limits: Sendable, Hashable {
        public var warning: Duration?
        public var critical: Duration?

        public init(warning: Duration? = nil, critical: Duration? = nil) {
            self.warning = warning
            self.critical = critical
        }
    }

    /// Keyed by the report's phase names: `submit.ehlo`, `delivery`, `total`, ….
    public var phases: [String: Limits]
    /// Days a certificate must still be valid: fewer is a warning / critical.
    public var certificateDays: (warning: Int?, critical: Int?)

    public init(phases: [String: Limits] = [:], certificateWarningDays: Int? = nil, certificateCriticalDays: Int? = nil) {
        self.phases = phases
        self.certificateDays = (certificateWarningDays, certificateCriticalDays)
    }

    public static func == (lhs: ProbeThresholds, rhs: ProbeThresholds) -> Bool {
        lhs.phases == rhs.phases && lhs.certificateDays == rhs.certificateDays
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(phases)
        hasher.combine(certificateDays.warning)
        hasher.combine(certificateDays.critical)
    }

    /// The reasons these phases give to leave OK.
    public func evaluate(_ phases: [ProbePhase]) -> [ProbeReason] {
        var reasons: [ProbeReason] = []
        for phase in phases {
            guard let limits = self.phases[phase.name] else { continue }
            let ms = phase.milliseconds
            if let critical = limits.critical, phase.duration > critical {
                reasons.append(ProbeReason(.threshold, .critical, phase: phase.name, value: ms, limit: critical.milliseconds,
                                           message: "\(phase.name) took \(Self.format(ms)), over the critical limit \(Self.format(critical.milliseconds))"))
            } else if let warning = limits.warning, phase.duration > warning {
                reasons.append(ProbeReason(.threshold, .warning, phase: phase.name, value: ms, limit: warning.milliseconds,
                                           message: "\(phase.name) took \(Self.format(ms)), over the warning limit \(Self.format(warning.milliseconds))"))
            }
        }
        return reasons
    }

    /// The reason a certificate with `daysLeft` gives, if any.
    public func evaluateCertificate(endpoint: String, daysLeft: Int) -> ProbeReason? {
        if let critical = certificateDays.critical, daysLeft < critical {
            return ProbeReason(.certificateExpiring, .critical, phase: endpoint,
                               message: "the \(endpoint) certificate expires in \(daysLeft) days (critical below \(critical))")
        }
        if let warning = certificateDays.warning, daysLeft < warning {
            return ProbeReason(.certificateExpiring, .warning, phase: endpoint,
                               message: "the \(endpoint) certificate expires in \(daysLeft) days (warning below \(warning))")
        }
        return nil
    }

    static func format(_ ms: Double) -> String {
        ms >= 1000 ? "\((ms / 10).rounded() / 100) s" : "\((ms * 10).rounded() / 10) ms"
    }
}

/// One timed phase of a probe, in the report's naming.
public struct ProbePhase: Sendable, Hashable {
    public var name: String
    public var duration: Duration

    public init(name: String, duration: Duration) {
        self.name = name
        self.duration = duration
    }

    public var milliseconds: Double { duration.milliseconds }
}

