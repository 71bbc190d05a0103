import IMAPCore
import MailCore
import MailTransport

/// An IMAP client session: connect, log in, select, search, fetch, idle.
///
///     let imap = IMAPConnection(configuration: .init(host: "imap.example.com", port: 993,
///                                                    security: .implicitTLS, authentication: auth))
///     try await imap.connect()
///     let inbox = try await imap.select("INBOX")
///     try await imap.startIdle()
///     for await event in imap.notifications { ... }
///
/// A thin driver over ``IMAPStateMachine``: one reader task parses every
/// response and hands each to the machine; commands wait for their tagged
/// completion, so several can be in flight with distinct tags. Untagged news
/// goes to ``notifications`` whenever it arrives. Every phase is timed in
/// ``timings`` with instants taken where the bytes were read or written.
public actor IMAPConnection {
    public let configuration: IMAPClientConfiguration
    /// Every phase so far, in order, including those up to a failure.
    public internal(set) var timings: [IMAPPhaseTiming] = []
    /// The transcript, when ``IMAPClientConfiguration/recordsTrace`` is set.
    public internal(set) var trace: [TraceEntry] = []
    /// TLS facts, once TLS is up (kept after close).
    public internal(set) var tlsSession: TLSSessionInfo?
    /// The address that answered (kept after close).
    public internal(set) var remoteAddress: SocketAddress?
    /// The greeting the server sent.
    public internal(set) var greeting: IMAPStatusResponse?
    /// `[ALERT]` texts the server asked to show.
    public internal(set) var alerts: [String] = []
    /// Responses that did not parse but could be skipped.
    public internal(set) var malformedResponses: [IMAPParseError] = []
    /// Whether news arrives by IDLE push or NOOP polling, once ``startIdle()`` ran.
    public internal(set) var idleMode: IdleMode?

    public enum IdleMode: String, Sendable {
        case idle
        case poll
    }

    /// Mailbox news (EXISTS, EXPUNGE, flag changes) with the instant each arrived.
    public nonisolated let notifications: AsyncStream<IMAPNotificationEvent>
    let notificationSink: AsyncStream<IMAPNotificationEvent>.Continuation

    var machine: IMAPStateMachine
    var transport: TCPConnection?
    var readerTask: Task<Void, Never>?
    var startedAt: ContinuousClock.Instant
    /// When the channel became usable: the greeting is timed from here.
    var greetingFrom: ContinuousClock.Instant
    /// Commands waiting for their tagged completion.
    var waiters: [String: Waiter] = [:]
    var completedEarly: [String: IMAPStateMachine.Completion] = [:]
    var greetingWaiter: CheckedContinuation<Void, any Error>?
    /// The command that holds the write lock and may be waiting for a `+`.
    var continuationWaiter: (tag: String, continuation: CheckedContinuation<IMAPContinuationRequest?, Never>)?
    var pendingContinuations: [IMAPContinuationRequest] = []
    var writeLocked = false
    var writeQueue: [CheckedContinuation<Void, Never>] = []
    /// Set once the session is over; every later call fails with it.
    var terminalError: IMAPError?
    var idleTag: String?
    /// When the last bytes arrived: the IDLE watchdog counts silence from here.
    var lastReadAt: ContinuousClock.Instant?
    /// The streaming FETCH in flight, whose large literals go to its sink.
    var literalStream: LiteralStream?
    var sinkFailures: [String: any Error] = [:]
    var idleRefreshTask: Task<Void, Never>?
    var pollTask: Task<Void, Never>?

    struct Waiter {
        var kind: IMAPCommandKind
        var redacted: String
        var sentAt: ContinuousClock.Instant
        var firstByteAt: ContinuousClock.Instant?
        /// True once the command's first segment is out: only reads after that can be its answer.
        var written = false
        /// The last piece of a streamed literal: the command timeout counts from here.
        var progressAt: ContinuousClock.Instant?
        var continuation: CheckedContinuation<IMAPStateMachine.Completion, any Error>?
        var timeoutTask: Task<Void, Never>?
    }

    public init(configuration: IMAPClientConfiguration) {
        self.configuration = configuration
        self.machine = IMAPStateMachine(configuration: .init(tlsPolicy: configuration.security))
        self.startedAt = .now
        self.greetingFrom = self.startedAt
        (notifications, notificationSink) = AsyncStream.makeStream(of: IMAPNotificationEvent.self,
                                                                   bufferingPolicy: .bufferingNewest(10_000))
    }

    deinit {
        readerTask?.cancel()
        idleRefreshTask?.cancel()
        pollTask?.cancel()
        transport?.close()
        notificationSink.finish()
    }

    /// What the server offers (after STARTTLS and login, the latest list).
    public var capabilities: Set<IMAPCapability> { machine.capabilities ?? [] }

    /// The selected mailbox, kept current by EXISTS/EXPUNGE.
    public var mailbox: IMAPMailboxState? { machine.mailbox }

    public var sessionState: IMAPStateMachine.SessionState { machine.state }

    /// Closes the connection at once, without LOGOUT.
    public func close() {
        finish(with: nil)
    }
}
