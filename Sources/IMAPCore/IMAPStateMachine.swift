import MailCore
/// The IMAP client session as a plain value: responses and requests in, events out.
///
/// It tracks the session state (RFC 9051 §3: not authenticated, authenticated,
/// selected, plus idling and logging out), assigns tags, refuses commands in the
/// wrong state, attributes tagged completions (with the untagged data that came
/// while they were in flight) to their commands, and turns unsolicited untagged
/// responses into notifications, so none is lost between commands. It never
/// reads a clock and never does I/O.
///
///     var machine = IMAPStateMachine(configuration: .init(tlsPolicy: .startTLS))
///     machine.connected(tlsActive: false)
///     machine.responseReceived(greeting)          // .greeting(...)            S: * OK [CAPABILITY ...] ready
///     let tag = try machine.submit(.startTLS)     // "A0001"                   C: A0001 STARTTLS
///     machine.responseReceived(tagged)            // .completed(...)           S: A0001 OK Begin TLS
///     machine.tlsEstablished()                    // capabilities forgotten (RFC 9051 §6.2.1)
public struct IMAPStateMachine: Sendable {
    /// When STARTTLS is sent and credentials may go: the client's security setting.
    public typealias TLSPolicy = MailSecurity

    public struct Configuration: Sendable, Hashable {
        public var tlsPolicy: TLSPolicy
        /// Tags are this prefix and a four-digit counter: `A0001`.
        public var tagPrefix: String

        public init(tlsPolicy: TLSPolicy, tagPrefix: String = "A") {
            self.tlsPolicy = tlsPolicy
            self.tagPrefix = tagPrefix
        }
    }

    public enum SessionState: Hashable, Sendable {
        case awaitingGreeting
        case notAuthenticated
        case authenticated
        case selected(mailbox: String, readOnly: Bool)
        case idling
        case loggingOut
        case closed
    }

    /// A tagged response with everything untagged that arrived while its command was in flight.
    public struct Completion: Sendable, Hashable {
        public var tag: String
        public var command: IMAPCommandKind
        public var response: IMAPStatusResponse
        public var untagged: [IMAPUntaggedResponse]

        public var isOK: Bool { response.status == .ok }
    }

    public enum Event: Sendable {
        /// The greeting was OK or PREAUTH.
        case greeting(IMAPStatusResponse)
        /// A command finished, positively or not.
        case completed(Completion)
        /// A `+` for the command that is sending a literal, a SASL exchange or IDLE.
        case continuation(IMAPContinuationRequest)
        /// The server accepted IDLE; notifications follow.
        case idleStarted
        /// Mailbox news, whenever it arrives (RFC 9051 §7.4, §7.5; RFC 2177).
        case notification(IMAPNotification)
        /// `* OK Still here` and the like while idling: resets a watchdog, nothing more.
        case keepAlive
        /// `[ALERT]` text that must be shown to the user (RFC 9051 §7.1).
        case alert(String)
        /// A complete response that did not parse; the session goes on.
        case malformed(IMAPParseError)
        /// Data that belongs to an in-flight command; nothing to do yet.
        case none
        /// The session is over (BYE, a bad greeting, a response the session cannot survive).
        case fail(IMAPError)
    }

    public let configuration: Configuration
    public internal(set) var state: SessionState = .awaitingGreeting
    public internal(set) var isTLSActive = false
    /// What the server announced most recently; `nil` when unknown (ask with CAPABILITY).
    public internal(set) var capabilities: Set<IMAPCapability>?
    /// What the selected mailbox looks like, kept current by untagged responses.
    public internal(set) var mailbox: IMAPMailboxState?

    struct InFlight: Sendable {
        var tag: String
        var command: IMAPCommandKind
        var untagged: [IMAPUntaggedResponse] = []
    }

    var inFlight: [InFlight] = []
    var counter = 0
    /// The state to return to when IDLE ends.
    var stateBeforeIdle: SessionState?

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func has(_ capability: IMAPCapability) -> Bool {
        capabilities?.contains(capability) ?? false
    }

    /// True when no command is in flight.
    public var isQuiet: Bool { inFlight.isEmpty }

    // MARK: - Connection events

    /// The transport is up (and, for implicit TLS, the handshake is done).
    public mutating func connected(tlsActive: Bool) {
        isTLSActive = tlsActive
        state = .awaitingGreeting
    }

    /// The handshake after a positive STARTTLS completed.
    public mutating func tlsEstablished() {
        isTLSActive = true
        // RFC 9051 §6.2.1: capabilities learned before TLS must be discarded.
        capabilities = nil
    }

    // MARK: - Requests

    /// Validates a command against the session state and assigns its tag.
    public mutating func submit(_ command: IMAPCommandKind) throws(IMAPError) -> String {
        try check(command)
        counter += 1
        let digits = String(counter)
        let tag = configuration.tagPrefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        inFlight.append(InFlight(tag: tag, command: command))
        switch command {
        case .logout:
            state = .loggingOut
        case .select(let name), .examine(let name):
            // SELECT deselects whatever was selected (RFC 9051 §6.3.2); the new
            // mailbox's state arrives in untagged data before the tagged OK.
            mailbox = IMAPMailboxState(name: name, readOnly: command == .examine(name))
        default:
            break
        }
        return tag
    }

    /// Ends IDLE (RFC 2177): returns true when `DONE` should be sent now.
    public mutating func endIdle() -> Bool {
        guard case .idling = state else { return false }
        return inFlight.contains { $0.command == .idle }
    }

    /// Drops a command whose bytes could not be sent, so it does not wait forever.
    public mutating func abandon(tag: String) {
        inFlight.removeAll { $0.tag == tag }
    }

    private func check(_ command: IMAPCommandKind) throws(IMAPError) {
        let phase = command.phase
        func refuse(_ message: String, _ code: IMAPError.Code = .invalidRequest) -> IMAPError {
            IMAPError(code, phase: phase, message: message)
        }
        if let exclusive = inFlight.first(where: { $0.command.isExclusive }) {
            throw refuse("\(command.name) must wait until \(exclusive.command.name) (\(exclusive.tag)) completes")
        }
        if command.isExclusive, let busy = inFlight.first {
            throw refuse("\(command.name) must wait until \(busy.command.name) (\(busy.tag)) completes")
        }
        switch state {
        case .awaitingGreeting:
            throw refuse("no command before the server's greeting")
        case .closed, .loggingOut:
            throw refuse("the session is closed", .connectionClosed)
        case .idling:
            throw refuse("\(command.name) is not allowed while idling; end IDLE first")
        case .notAuthenticated:
            guard command.allowedWhenNotAuthenticated else {
                throw refuse("\(command.name) needs an authenticated session")
            }
        case .authenticated:
            guard !command.needsSelectedMailbox, !command.onlyWhenNotAuthenticated else {
                throw refuse(command.needsSelectedMailbox
                    ? "\(command.name) needs a selected mailbox" : "\(command.name) is only valid before authentication")
            }
        case .selected:
            guard !command.onlyWhenNotAuthenticated else {
                throw refuse("\(command.name) is only valid before authentication")
            }
        }
        switch command {
        case .startTLS:
            guard !isTLSActive else { throw refuse("TLS is already active") }
        case .login:
            guard isTLSActive || configuration.tlsPolicy == .plain else {
                throw refuse("refusing to send a password over an unencrypted connection", .plaintextAuthenticationRefused)
            }
            guard !has(.loginDisabled) else {
                throw refuse("the server forbids LOGIN (LOGINDISABLED)", .authenticationUnavailable)
            }
        case .authenticate:
            guard isTLSActive || configuration.tlsPolicy == .plain else {
                throw refuse("refusing to authenticate over an unencrypted connection", .plaintextAuthenticationRefused)
            }
        default:
            break
        }
    }
}
