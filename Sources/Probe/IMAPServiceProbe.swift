import IMAPClient
import IMAPCore
import MailTransport

/// One IMAP service on its own: login and select, and with `idleCheck` that the server accepts IDLE.
public struct IMAPServiceProbe: Sendable {
    public var configuration: IMAPClientConfiguration
    public var mailbox: String
    public var idleCheck: Bool
    public var thresholds: ProbeThresholds

    public init(configuration: IMAPClientConfiguration, mailbox: String = "INBOX", idleCheck: Bool,
                thresholds: ProbeThresholds = ProbeThresholds()) {
        self.configuration = configuration
        self.mailbox = mailbox
        self.idleCheck = idleCheck
        self.thresholds = thresholds
    }

    /// Runs the probe; phases are named `imap.<phase>`.
    public func run() async -> RoundTripResult {
        let started = ContinuousClock.now
        var result = RoundTripResult(token: "")
        let imap = IMAPConnection(configuration: configuration)
        do {
            try await imap.connect()
            try await imap.select(mailbox)
            if idleCheck {
                try await imap.startIdle()
                let mode = await imap.idleMode
                try await imap.stopIdle()
                if mode != .idle {
                    result.add(ProbeReason(.failed, .critical, phase: "imap.idle",
                                           message: "the server does not offer IDLE (RFC 2177): new mail would only be seen by polling"))
                }
            }
            try await imap.logout()
        } catch {
            result.add(ProbeReasons.reason(for: error, protocolName: "imap"))
        }
        await imap.close()
        result.phases = await imap.timings.map { ProbePhase(name: "imap.\($0.phase.rawValue)", duration: $0.duration) }
        result.imapTLS = await imap.tlsSession
        if configuration.recordsTrace { result.traces.append(("imap", await imap.trace)) }
        result.phases.append(ProbePhase(name: "total", duration: started.duration(to: .now)))
        ProbeVerdict.apply(thresholds, to: &result)
        return result
    }
}
