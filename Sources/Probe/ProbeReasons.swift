import Glibc
import IMAPCore
import MailCore
import SMTPCore

/// Turns client errors into probe reasons, naming the phase and quoting the server.
public enum ProbeReasons {
    /// The reason a client error gives, its phase prefixed with `protocolName` (`submit.rcpt_to`).
    public static func reason(for error: (any Error)?, protocolName: String) -> ProbeReason {
        if let error = error as? SMTPError {
            return reason(for: error, prefix: protocolName)
        }
        if let error = error as? IMAPError {
            return reason(for: error, prefix: protocolName)
        }
        return ProbeReason(.failed, .critical, phase: protocolName, message: error.map { "\($0)" } ?? "unknown failure")
    }

    static func reason(for error: SMTPError, prefix: String) -> ProbeReason {
        let phase = "\(prefix).\(error.phase.rawValue)"
        let kind: ProbeReason.Kind
        var status: ProbeStatus = .critical
        switch error.code {
        case .authenticationFailed, .authenticationUnavailable, .plaintextAuthenticationRefused: kind = .authFailed
        case .tlsFailed, .tlsNotOffered: kind = .tlsFailed
        case .timedOut: kind = .timeout
        case .rejected:
            kind = .smtpRejected
            if error.isTransient { status = .warning }
        default: kind = .failed
        }
        let reply = error.reply.map {
            ProbeRunRecord.Reply(code: $0.code, enhanced: $0.enhancedStatus.map(\.description), text: $0.text)
        }
        return ProbeReason(kind, status, phase: phase, message: error.detail, reply: reply)
    }

    static func reason(for error: IMAPError, prefix: String) -> ProbeReason {
        let phase = "\(prefix).\(error.phase.rawValue)"
        let kind: ProbeReason.Kind = switch error.code {
        case .authenticationFailed, .authenticationUnavailable, .plaintextAuthenticationRefused: .authFailed
        case .tlsFailed, .tlsNotOffered: .tlsFailed
        case .timedOut: .timeout
        default: .failed
        }
        let reply = error.response.map { ProbeRunRecord.Reply(code: nil, enhanced: $0.code.map { "\($0)" }, text: "\($0.status.rawValue) \($0.text)") }
        return ProbeReason(kind, .critical, phase: phase, message: error.detail, reply: reply)
    }
}

/// Wall-clock seconds, for certificate expiry and message ages.
enum ProbeClock {
    static func unixNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
