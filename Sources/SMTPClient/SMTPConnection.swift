import MailCore
import MailTransport
import SMTPCore

/// An SMTP client session: connect, then send any number of messages.
///
///     let smtp = SMTPConnection(configuration: .init(host: "mail.example.com", port: 587,
///                                                    security: .startTLS, authentication: auth))
///     try await smtp.connect()
///     let result = try await smtp.send(message, envelope: SMTPEnvelope(sender: from, recipients: [to]))
///     try await smtp.quit()
///
/// A thin driver: bytes go through ``SMTPReplyParser`` into ``SMTPStateMachine``,
/// whose actions it carries out on the transport. Every phase is timed
/// (``timings``) even when the session fails, so a caller can show how far it
/// got. One task drives a connection at a time.
public final class SMTPConnection {
    public let configuration: SMTPClientConfiguration
    /// Every phase so far, in order, including those of failed steps up to the failure.
    public internal(set) var timings: [SMTPPhaseTiming] = []
    /// The transcript, when ``SMTPClientConfiguration/recordsTrace`` is set.
    public internal(set) var trace: [SMTPTraceEntry] = []
    /// What the server offered in its last EHLO (after STARTTLS, the post-TLS list).
    public internal(set) var capabilities: SMTPCapabilities?
    /// The last reply received.
    public internal(set) var lastReply: SMTPReply?

    var machine: SMTPStateMachine
    var transport: TCPConnection?
    var buffer = InputBuffer()
    let parser: SMTPReplyParser
    /// Replies we wait for, oldest first, with the phase each ends and when its command went out.
    /// `message` is the index in the batch for replies that belong to one of ``send(batch:)``.
    var awaited = AwaitedReplies()
    /// Outcomes and timings of the batch in progress.
    var batch: BatchProgress?
    /// Whether an observer is configured (checked without copying the existential).
    let hasObserver: Bool
    /// The OpenSSL context being made while TCP connects (nil for plain sessions).
    var tlsPreparation: TLSPreparation?
    /// When the last read returned: the arrival instant of any reply parsed from it.
    var lastReadInstant: ContinuousClock.Instant
    var startedAt: ContinuousClock.Instant

    public init(configuration: SMTPClientConfiguration) {
        self.configuration = configuration
        self.machine = SMTPStateMachine(configuration: .init(
            clientHostname: configuration.clientHostname,
            tlsPolicy: configuration.security,
            authentication: configuration.authentication,
            usesPipelining: configuration.usesPipelining,
            serverHost: configuration.host,
            serverPort: Int(configuration.port)))
        self.parser = SMTPReplyParser(options: configuration.parserOptions)
        self.hasObserver = configuration.observer != nil
        self.startedAt = .now
        self.lastReadInstant = self.startedAt
    }

    deinit {
        transport?.close()
    }

    /// TLS facts, once TLS is up (kept after the connection closes).
    public internal(set) var tlsSession: TLSSessionInfo?

    /// The address that answered (kept after the connection closes).
    public internal(set) var remoteAddress: SocketAddress?

    /// Connects, reads the greeting, says EHLO, upgrades with STARTTLS and
    /// authenticates, as the configuration asks.
    public func connect() async throws(SMTPError) {
        guard transport == nil else {
            throw SMTPError(.invalidRequest, phase: .connect, message: "already connected")
        }
        startedAt = .now
        if configuration.security != .plain {
            tlsPreparation = TLSPreparation(configuration.effectiveTLS)
        }
        do {
            try await establish()
        } catch {
            await finishTLSPreparation()
            throw error
        }
        await finishTLSPreparation()
    }

    /// No OpenSSL work of ours may outlive `connect()`.
    private func finishTLSPreparation() async {
        await tlsPreparation?.wait()
        tlsPreparation = nil
    }

    private func establish() async throws(SMTPError) {
        let connection: TCPConnection
        do {
            connection = try await TCPConnection.connect(
                host: configuration.host, port: configuration.port,
                deadline: .now + configuration.timeouts.connect,
                observer: configuration.observer)
        } catch {
            let phase: SMTPPhase = error.step == .dns ? .dns : .connect
            throw SMTPError(error.smtpCode, phase: phase, message: error.message, underlying: error)
        }
        transport = connection
        remoteAddress = connection.remoteAddress
        if let establishment = connection.establishment {
            timings.append(SMTPPhaseTiming(phase: .dns, started: establishment.dnsStarted,
                                           ended: establishment.dnsCompleted))
            timings.append(SMTPPhaseTiming(phase: .connect, started: establishment.connectStarted,
                                           ended: establishment.connectCompleted))
            note("connected to \(establishment.remoteAddress)")
        }
        var tlsActive = false
        // The greeting is awaited from the moment the channel is usable.
        var greetingFrom = connection.establishment?.connectCompleted ?? ContinuousClock.now
        if configuration.security == .implicitTLS {
            try await handshake(phase: .tls)
            tlsActive = true
            greetingFrom = timings.last?.ended ?? greetingFrom
        }
        awaited.append((.greeting, nil, greetingFrom, nil))
        observe(.phaseStarted(SMTPPhase.greeting.rawValue))
        _ = try await run(machine.connected(tlsActive: tlsActive))
    }

    /// Sends one message (headers and body, any line endings) in one mail transaction.
    ///
    /// Throws when the server rejects the sender, a recipient (unless the
    /// envelope allows partial delivery), DATA, or the message itself; the
    /// session stays usable after a rejection unless the error says otherwise.
    public func send(_ message: [UInt8], envelope: SMTPEnvelope) async throws(SMTPError) -> SMTPSendResult {
        let first = timings.count
        let payload = SMTPDataEncoder.encode(message)
        let outcome = try await run(machine.startTransaction(envelope, payload: payload, messageSize: message.count))
        guard case .transaction(let transaction) = outcome else {
            throw SMTPError(.protocolViolation, phase: .dataAccepted, message: "transaction ended without an outcome")
        }
        return SMTPSendResult(outcome: transaction, timings: Array(timings[first...]))
    }

    /// Sends many messages, each in its own mail transaction, and returns one
    /// result per message, in order.
    ///
    /// With PIPELINING each message's payload goes out in the same write as the
    /// next message's MAIL, RCPT and DATA (RFC 2920 §3.1), so a message costs one
    /// round trip instead of two; every reply is still attributed to its own
    /// command and every result carries its own phase timings. Without PIPELINING
    /// the messages go one after another. A rejected message fails alone; when the
    /// session itself fails, the message in flight gets that error (whether it was
    /// delivered is then unknown) and the rest fail as not sent.
    ///
    ///     let results = await smtp.send(batch: messages.map { ($0, envelope) })
    public func send(batch messages: [(message: [UInt8], envelope: SMTPEnvelope)]) async -> [Result<SMTPSendResult, SMTPError>] {
        guard !messages.isEmpty else { return [] }
        batch = BatchProgress(count: messages.count)
        defer { batch = nil }
        var failure: SMTPError?
        do {
            let outcome = try await run(machine.startBatch(messages.map {
                SMTPBatchMessage(message: $0.message, envelope: $0.envelope)
            }))
            if case .batchCompleted = outcome {} else {
                failure = SMTPError(.protocolViolation, phase: .dataAccepted, message: "batch ended without an outcome")
            }
        } catch {
            failure = error
        }
        var results: [Result<SMTPSendResult, SMTPError>] = []
        results.reserveCapacity(messages.count)
        var firstMissing = true
        for result in batch?.results ?? [] {
            if let result {
                results.append(result)
                continue
            }
            let error = failure ?? SMTPError(.protocolViolation, phase: .mailFrom, message: "no outcome for this message")
            if firstMissing {
                results.append(.failure(error))
                firstMissing = false
            } else {
                results.append(.failure(SMTPError(error.code, phase: .mailFrom,
                                                  message: "not sent: the session failed before this message (\(error))",
                                                  underlying: error)))
            }
        }
        return results
    }

    /// NOOP: checks that the session is alive.
    @discardableResult
    public func noop() async throws(SMTPError) -> SMTPReply {
        try await expectReply(machine.noop())
    }

    /// RSET: abandons any transaction.
    @discardableResult
    public func reset() async throws(SMTPError) -> SMTPReply {
        try await expectReply(machine.reset())
    }

    /// QUIT, then close. A server that closes without answering is not an error.
    public func quit() async throws(SMTPError) {
        guard transport != nil else { return }
        do {
            _ = try await run(machine.quit())
        } catch where error.code == .connectionClosed {
            close()
        }
    }

    /// Closes the connection at once, without QUIT.
    public func close() {
        guard let transport else { return }
        transport.close()
        self.transport = nil
    }

    /// Records the outcome of message `index` of the batch in progress.
    func finishMessage(_ index: Int, _ result: Result<SMTPTransactionOutcome, SMTPError>) {
        guard var progress = batch else { return }
        batch = nil
        progress.results[index] = result.map { SMTPSendResult(outcome: $0, timings: progress.timings[index]) }
        progress.timings[index] = []
        batch = progress
    }

    private func expectReply(_ action: SMTPStateMachine.Action) async throws(SMTPError) -> SMTPReply {
        guard case .reply(let reply) = try await run(action) else {
            throw SMTPError(.protocolViolation, phase: .noop, message: "command ended without a reply")
        }
        return reply
    }
}

/// The replies a connection waits for, oldest first: a FIFO that pops without shifting.
struct AwaitedReplies {
    typealias Element = (phase: SMTPPhase, command: SMTPCommand?, since: ContinuousClock.Instant, message: Int?)
    private var items: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var first: Element? { isEmpty ? nil : items[head] }

    mutating func append(_ item: Element) {
        items.append(item)
    }

    mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        let item = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return item
    }
}

/// What ``SMTPConnection/send(batch:)`` has learned so far.
struct BatchProgress {
    var results: [Result<SMTPSendResult, SMTPError>?]
    /// Per message, its phases as they complete.
    var timings: [[SMTPPhaseTiming]]

    init(count: Int) {
        results = Array(repeating: nil, count: count)
        timings = Array(repeating: [], count: count)
    }
}
