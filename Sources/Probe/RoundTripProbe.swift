import IMAPClient
import IMAPCore
import MailCore
import MailTransport
import SMTPClient
import SMTPCore

/// What a round trip needs: an SMTP endpoint to submit to, an IMAP endpoint to watch, and limits.
public struct RoundTripConfiguration: Sendable {
    public var smtp: SMTPClientConfiguration
    public var imap: IMAPClientConfiguration
    public var sender: String
    public var recipient: String
    public var mailbox: String
    /// Where the provider puts spam; a probe found there is the `junk` outcome.
    public var junkMailbox: String?
    /// Arriving later than this after acceptance is `late` (warning).
    public var lateAfter: Duration
    /// Not arrived this long after acceptance is `lost` (critical).
    public var lostAfter: Duration
    /// After acceptance, poll a second session this long with adaptive NOOPs (then IDLE alone).
    public var fastPollWindow: Duration
    /// How long to wait, once the message is seen, for the IDLE notification (to report it).
    public var notificationGrace: Duration
    /// Probe messages older than this, left by failed runs, are deleted.
    public var sweepOlderThan: Duration
    public var thresholds: ProbeThresholds
    /// Where the probe runs, written into the message.
    public var location: String?
    /// The probe message's token (`X-MailProbe-Id`); `nil` makes a new one. The daemon makes it
    /// before the run, to journal it: a crash mid-run leaves a message it can find and delete.
    public var token: String?

    public init(smtp: SMTPClientConfiguration, imap: IMAPClientConfiguration, sender: String, recipient: String,
                mailbox: String = "INBOX", junkMailbox: String? = nil, lateAfter: Duration = .seconds(60),
                lostAfter: Duration = .seconds(300), fastPollWindow: Duration = .seconds(10),
                notificationGrace: Duration = .seconds(1), sweepOlderThan: Duration = .seconds(3600),
                thresholds: ProbeThresholds = ProbeThresholds(), location: String? = nil) {
        self.smtp = smtp
        self.imap = imap
        self.sender = sender
        self.recipient = recipient
        self.mailbox = mailbox
        self.junkMailbox = junkMailbox
        self.lateAfter = lateAfter
        self.lostAfter = lostAfter
        self.fastPollWindow = fastPollWindow
        self.notificationGrace = notificationGrace
        self.sweepOlderThan = sweepOlderThan
        self.thresholds = thresholds
        self.location = location
    }
}

/// Submits a probe message over SMTP, notices it arrive over IMAP, fetches,
/// verifies and deletes it, timing every phase.
///
/// The IMAP side is ready (logged in, selected, idling) before anything is sent.
/// Arrival is measured, not the server's notification habit: one session idles
/// while a second polls with adaptive NOOPs during ``RoundTripConfiguration/fastPollWindow``;
/// both instants are reported.
public struct RoundTripProbe: Sendable {
    public let configuration: RoundTripConfiguration

    public init(configuration: RoundTripConfiguration) {
        self.configuration = configuration
    }

    public func run() async -> RoundTripResult {
        let started = ContinuousClock.now
        let message = ProbeMessage(token: configuration.token ?? ProbeMessage.makeToken(), from: configuration.sender,
                                   to: configuration.recipient, location: configuration.location)
        var result = RoundTripResult(token: message.token)
        let watcher = IMAPConnection(configuration: configuration.imap)
        let poller = IMAPConnection(configuration: configuration.imap)
        let smtp = SMTPConnection(configuration: configuration.smtp)

        // 1. The mailbox side first, so that no arrival can be missed.
        do {
            async let watching: Void = prepare(watcher)
            async let polling: Void = prepare(poller)
            _ = try await (watching, polling)
            try await watcher.startIdle()
        } catch {
            result.add(ProbeReasons.reason(for: error as? IMAPError, protocolName: "imap"))
            return await finish(result, started: started, smtp: smtp, watcher: watcher, poller: poller)
        }
        result.imapTLS = await watcher.tlsSession
        let signals = ArrivalSignals()
        let listeners = [listen(watcher, as: .watcher, to: signals), listen(poller, as: .poller, to: signals)]
        defer { listeners.forEach { $0.cancel() } }

        // 2. Submit.
        let accepted: ContinuousClock.Instant
        let submitted: ContinuousClock.Instant
        var acceptedWallClock = ProbeClock.unixNow()
        do {
            try await smtp.connect()
            let sent = try await smtp.send(message.bytes, envelope: SMTPEnvelope(sender: configuration.sender,
                                                                                recipients: [configuration.recipient]))
            accepted = sent.timings.last?.ended ?? .now
            acceptedWallClock = ProbeClock.unixNow() - Double(accepted.duration(to: .now).milliseconds) / 1000
            submitted = sent.timings.first?.started ?? accepted
            result.queueID = sent.queueID
            result.finalReply = ProbeRunRecord.Reply(code: sent.acceptedReply.code,
                                                     enhanced: sent.acceptedReply.enhancedStatus.map(\.description),
                                                     text: sent.acceptedReply.text)
            try? await smtp.quit()
        } catch {
            smtp.close()
            result.phases += smtp.timings.map { ProbePhase(name: "submit.\($0.phase.rawValue)", duration: $0.duration) }
            result.smtpTLS = smtp.tlsSession
            result.add(ProbeReasons.reason(for: error, protocolName: "submit"))
            return await finish(result, started: started, smtp: smtp, watcher: watcher, poller: poller)
        }
        result.phases += smtp.timings.map { ProbePhase(name: "submit.\($0.phase.rawValue)", duration: $0.duration) }
        result.smtpTLS = smtp.tlsSession

        // 3. Arrival, retrieval, verification, cleanup.
        await retrieve(message, submitted: submitted, accepted: accepted, acceptedWallClock: acceptedWallClock,
                       poller: poller, watcher: watcher,
                       signals: signals, into: &result)
        return await finish(result, started: started, smtp: smtp, watcher: watcher, poller: poller)
    }

    private func prepare(_ imap: IMAPConnection) async throws {
        try await imap.connect()
        try await imap.select(configuration.mailbox)
    }

    private func listen(_ imap: IMAPConnection, as source: ArrivalSignals.Source, to signals: ArrivalSignals) -> Task<Void, Never> {
        Task {
            for await event in imap.notifications {
                if case .exists = event.notification {
                    await signals.record(source, at: event.instant)
                }
            }
        }
    }

    /// Total, thresholds and certificate checks: the last step of every run.
    private func finish(_ partial: RoundTripResult, started: ContinuousClock.Instant, smtp: SMTPConnection,
                        watcher: IMAPConnection, poller: IMAPConnection) async -> RoundTripResult {
        var result = partial
        if configuration.smtp.recordsTrace { result.traces.append(("smtp", smtp.trace)) }
        if configuration.imap.recordsTrace {
            result.traces.append(("imap.idle", await watcher.trace))
            result.traces.append(("imap.poll", await poller.trace))
        }
        // Closed and awaited here, on every path: no session outlives the run.
        await watcher.close()
        await poller.close()
        result.phases.append(ProbePhase(name: "total", duration: started.duration(to: result.finishedAt ?? .now)))
        ProbeVerdict.apply(configuration.thresholds, to: &result)
        return result
    }
}
