import IMAPClient
import IMAPCore
import MailTransport

/// One IMAP service on its own: login and select, and with `idleCheck` that the server accepts IDLE;
/// with `watch` it also waits that long in IDLE (or NOOP polling) and records each notification:
/// the phases and facts of `mailprobe imap`, as a probe.
public struct IMAPServiceProbe: Sendable {
    public var configuration: IMAPClientConfiguration
    public var mailbox: String
    public var idleCheck: Bool
    /// Stay this long in IDLE after the select, recording the news (`mailprobe imap --idle N`).
    public var watch: Duration?
    public var thresholds: ProbeThresholds

    public init(configuration: IMAPClientConfiguration, mailbox: String = "INBOX", idleCheck: Bool, watch: Duration? = nil,
                thresholds: ProbeThresholds = ProbeThresholds()) {
        self.configuration = configuration
        self.mailbox = mailbox
        self.idleCheck = idleCheck
        self.watch = watch
        self.thresholds = thresholds
    }

    /// Runs the probe; phases are named `imap.<phase>`.
    public func run() async -> RoundTripResult {
        let started = ContinuousClock.now
        var result = RoundTripResult(token: nil)
        let imap = IMAPConnection(configuration: configuration)
        do {
            try await imap.connect()
            let selected = try await imap.select(mailbox)
            result.mailbox = RunMailbox(selected)
            var mode: IMAPConnection.IdleMode?
            if let watch {
                let watched = try await imap.watch(for: watch)
                mode = watched.mode
                result.idle = RunIdleWatch(watched, watching: watch)
            } else if idleCheck {
                try await imap.startIdle()
                mode = await imap.idleMode
                try await imap.stopIdle()
            }
            if idleCheck, mode != .idle {
                result.add(ProbeReason(.failed, .critical, phase: "imap.idle",
                                       message: "the server does not offer IDLE (RFC 2177): new mail would only be seen by polling"))
            }
            try await imap.logout()
        } catch {
            result.add(ProbeReasons.reason(for: error, protocolName: "imap"))
        }
        await imap.close()
        if result.mailbox == nil { result.mailbox = await imap.mailbox.map { RunMailbox($0) } }
        result.phases = await imap.timings.map { ProbePhase(name: "imap.\($0.phase.rawValue)", duration: $0.duration) }
        result.imapTLS = await imap.tlsSession
        if let address = await imap.remoteAddress { result.addresses["imap"] = "\(address)" }
        result.alerts = await imap.alerts
        if configuration.recordsTrace { result.traces.append(("imap", await imap.trace)) }
        result.phases.append(ProbePhase(name: "total", duration: started.duration(to: .now)))
        ProbeVerdict.apply(thresholds, to: &result)
        return result
    }

    /// Runs the probe and returns its run record (kind `imap`), which started at `startedAtMs` (Unix ms).
    public func run(probe name: String, location: String? = nil, startedAtMs: Int64) async -> ProbeRunRecord {
        ProbeRunRecord(await run(), probe: name, kind: .imap, location: location, startedAtMs: startedAtMs,
                       endpoints: ["imap": "\(configuration.host):\(configuration.port)"])
    }
}

extension RunMailbox {
    init(_ state: IMAPMailboxState) {
        self.init(name: state.name, exists: state.exists, uidValidity: state.uidValidity, uidNext: state.uidNext,
                  readOnly: state.readOnly)
    }
}

extension RunIdleWatch {
    init(_ watched: IMAPWatchResult, watching duration: Duration) {
        self.init(mode: watched.mode.rawValue, ms: ProbeRunRecord.rounded(duration.milliseconds),
                  notifications: watched.events.map {
                      Notification(kind: $0.notification.kind,
                                   ms: ProbeRunRecord.rounded(watched.started.duration(to: $0.instant).milliseconds))
                  })
    }
}
