import MailCore

/// The SMTP client session as a plain value: fed events, returns actions.
///
/// It never reads a clock and never does I/O. The driver makes one call per
/// event (connection up, reply parsed, TLS established, caller request) and
/// carries out the returned ``Action`` in a single `switch`.
///
///     var machine = SMTPStateMachine(configuration: ...)
///     machine.connected(tlsActive: false)    // .readReply        (S: 220 ...)
///     machine.replyReceived(greeting)        // .send([.ehlo])    (C: EHLO client.example)
///     machine.replyReceived(ehloReply)       // .send([.startTLS]) ...
///
/// Security rules (RFC 3207 §4.2, RFC 4954 §4) live here, not in the driver:
/// after STARTTLS the capabilities learned in clear are forgotten and EHLO is
/// sent again; credentials never go over plaintext unless explicitly allowed;
/// a required STARTTLS that is not offered fails instead of downgrading.
public struct SMTPStateMachine: Sendable {
    /// When STARTTLS is sent and credentials may go: the client's security setting.
    public typealias TLSPolicy = MailSecurity

    public struct Configuration: Sendable, Hashable {
        public var clientHostname: String
        public var tlsPolicy: TLSPolicy
        public var authentication: SMTPAuthentication?
        /// Pipeline MAIL, RCPT and DATA when the server offers PIPELINING (RFC 2920).
        public var usesPipelining: Bool
        /// Needed by OAUTHBEARER's GS2 header.
        public var serverHost: String
        public var serverPort: Int

        public init(
            clientHostname: String,
            tlsPolicy: TLSPolicy,
            authentication: SMTPAuthentication? = nil,
            usesPipelining: Bool = true,
            serverHost: String = "",
            serverPort: Int = 0
        ) {
            self.clientHostname = clientHostname
            self.tlsPolicy = tlsPolicy
            self.authentication = authentication
            self.usesPipelining = usesPipelining
            self.serverHost = serverHost
            self.serverPort = serverPort
        }

        /// Credentials may be sent without TLS only when the caller chose clear text.
        var allowsPlaintextAuthentication: Bool { tlsPolicy == .plain }
    }

    public enum Action: Sendable {
        /// Write these commands in one go; one reply per command follows, in order.
        case send([SMTPCommand])
        /// Write the DATA payload (already dot-stuffed and terminated); a reply follows.
        case sendData([UInt8])
        /// Read the next reply and feed it to ``replyReceived(_:)``.
        case readReply
        /// Drop every byte buffered so far, run the TLS handshake, then call ``tlsEstablished()``.
        case startTLS
        /// Greeting, EHLO, STARTTLS and AUTH are done; transactions may start.
        case sessionReady(SMTPCapabilities)
        /// A mail transaction finished with the server accepting the message.
        case transactionCompleted(SMTPTransactionOutcome)
        /// NOOP or RSET answered positively.
        case commandCompleted(SMTPReply)
        /// The request failed but the session is still usable.
        case commandFailed(SMTPError)
        /// The session cannot continue: close the connection.
        case fail(SMTPError)
        /// QUIT was answered: close the connection.
        case closed
        /// Write this group in one go (a batch): the payload, if any, then the commands;
        /// one reply follows per part, in order.
        case sendGroup(SMTPPipelinedGroup)
        /// Message `index` of the batch has its outcome; carry on with `then`.
        indirect case messageFinished(index: Int, result: Result<SMTPTransactionOutcome, SMTPError>, then: Action)
        /// Every message of the batch has its outcome; transactions may start again.
        case batchCompleted
    }

    enum State: Sendable {
        case initial
        case awaitingGreeting
        case awaitingEHLO
        case awaitingHELO
        case awaitingStartTLS
        case handshaking
        case authenticating(SASLClient, mechanism: SASLMechanismName)
        case ready
        case transaction(Transaction)
        case batch(Batch)
        case awaitingReply(SMTPCommand)
        case quitting
        case closed
    }

    public let configuration: Configuration
    var state: State = .initial
    /// What the server offers, from the latest EHLO (empty after HELO).
    public private(set) var capabilities: SMTPCapabilities?
    public private(set) var isTLSActive = false

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// True between ``Action/sessionReady(_:)`` and the next request.
    public var isReady: Bool {
        if case .ready = state { return true }
        return false
    }

    // MARK: - Events

    /// The transport is connected (and, for implicit TLS, the handshake is done).
    public mutating func connected(tlsActive: Bool) -> Action {
        guard case .initial = state else {
            return invalidState("connected() twice", phase: .greeting)
        }
        isTLSActive = tlsActive
        state = .awaitingGreeting
        return .readReply
    }

    /// The handshake that followed a 220 to STARTTLS succeeded.
    public mutating func tlsEstablished() -> Action {
        guard case .handshaking = state else {
            return invalidState("TLS established outside STARTTLS", phase: .starttls)
        }
        isTLSActive = true
        // RFC 3207 §4.2: discard any knowledge obtained from the server before TLS.
        capabilities = nil
        return sendEHLO()
    }

    /// A complete reply was parsed.
    public mutating func replyReceived(_ reply: SMTPReply) -> Action {
        if reply.code == 421, !isQuitting {
            // RFC 5321 §3.8: the server is closing the channel, whatever we asked.
            let error = SMTPError(.rejected, phase: currentPhase, command: currentCommand?.redactedDescription,
                                  reply: reply, message: "server is shutting down the session")
            state = .closed
            return .fail(error)
        }
        switch state {
        case .awaitingGreeting:
            guard reply.kind == .positiveCompletion else {
                state = .closed
                return .fail(SMTPError(.rejected, phase: .greeting, reply: reply, message: "server refused the session"))
            }
            return sendEHLO()

        case .awaitingEHLO:
            switch reply.kind {
            case .positiveCompletion:
                capabilities = SMTPCapabilities(ehloReply: reply)
                return afterEHLO()
            case .permanentNegative:
                // RFC 5321 §3.2: a server that does not know EHLO gets HELO.
                state = .awaitingHELO
                return .send([.helo(configuration.clientHostname)])
            default:
                state = .closed
                return .fail(SMTPError(.rejected, phase: .ehlo,
                                       command: "EHLO", reply: reply, message: "EHLO refused"))
            }

        case .awaitingHELO:
            guard reply.kind == .positiveCompletion else {
                state = .closed
                return .fail(SMTPError(.rejected, phase: .helo, command: "HELO", reply: reply,
                                       message: "both EHLO and HELO refused"))
            }
            capabilities = SMTPCapabilities.none
            return afterEHLO()

        case .awaitingStartTLS:
            guard reply.code == 220 else {
                state = .closed
                return .fail(SMTPError(.tlsFailed, phase: .starttls, command: "STARTTLS", reply: reply,
                                       message: "server refused STARTTLS"))
            }
            state = .handshaking
            return .startTLS

        case .authenticating(var sasl, let mechanism):
            return authenticationReply(reply, sasl: &sasl, mechanism: mechanism)

        case .transaction(var transaction):
            // Drop the state's copy so `transaction` is uniquely referenced and mutates
            // in place; transactionReply sets the state on every path.
            state = .closed
            return transactionReply(reply, transaction: &transaction)

        case .batch(var batch):
            // Likewise: batchReply sets the state on every path.
            state = .closed
            return batchReply(reply, batch: &batch)

        case .awaitingReply(let command):
            state = .ready
            guard reply.kind == .positiveCompletion else {
                return .commandFailed(SMTPError(.rejected, phase: command.phase, command: command.redactedDescription,
                                                reply: reply, message: "\(command.verb) refused"))
            }
            return .commandCompleted(reply)

        case .quitting:
            state = .closed
            return .closed

        case .initial, .handshaking, .ready, .closed:
            state = .closed
            return .fail(SMTPError(.protocolViolation, phase: currentPhase, reply: reply,
                                   message: "unexpected reply when none was expected"))
        }
    }

    // MARK: - Requests

    /// Starts a mail transaction. `payload` is the DATA payload as made by
    /// `SMTPDataEncoder` (dot-stuffed, CRLF line ends, terminated by `.` CRLF).
    public mutating func startTransaction(_ envelope: SMTPEnvelope, payload: [UInt8], messageSize: Int) -> Action {
        guard case .ready = state else {
            return .commandFailed(SMTPError(.invalidRequest, phase: .mailFrom,
                                            message: "a transaction can only start when the session is ready"))
        }
        switch makeTransaction(envelope, payload: payload, messageSize: messageSize) {
        case .success(let (transaction, commands)):
            state = .transaction(transaction)
            return .send(commands)
        case .failure(let error):
            return .commandFailed(error)
        }
    }

    public mutating func noop() -> Action { simpleCommand(.noop) }

    public mutating func reset() -> Action { simpleCommand(.rset) }

    /// Ends the session politely (RFC 5321 §4.1.1.10).
    public mutating func quit() -> Action {
        switch state {
        case .closed:
            return .closed
        case .quitting:
            return .readReply
        default:
            state = .quitting
            return .send([.quit])
        }
    }

    // MARK: - Session set-up

    private mutating func sendEHLO() -> Action {
        state = .awaitingEHLO
        return .send([.ehlo(configuration.clientHostname)])
    }

    private mutating func afterEHLO() -> Action {
        let capabilities = self.capabilities ?? SMTPCapabilities.none
        if !isTLSActive {
            switch (configuration.tlsPolicy, capabilities.startTLS) {
            case (.startTLS, true), (.startTLSIfOffered, true):
                state = .awaitingStartTLS
                return .send([.startTLS])
            case (.startTLS, false):
                state = .closed
                return .fail(SMTPError(.tlsNotOffered, phase: .starttls,
                                       message: "TLS is required but the server does not offer STARTTLS"))
            case (.implicitTLS, _):
                state = .closed
                return .fail(SMTPError(.tlsFailed, phase: .tls, message: "implicit TLS is not active"))
            case (.plain, _), (.startTLSIfOffered, false):
                break
            }
        }
        guard let authentication = configuration.authentication else {
            state = .ready
            return .sessionReady(capabilities)
        }
        return startAuthentication(authentication, capabilities: capabilities)
    }

    private mutating func simpleCommand(_ command: SMTPCommand) -> Action {
        guard case .ready = state else {
            return .commandFailed(SMTPError(.invalidRequest, phase: command.phase,
                                            message: "\(command.verb) is only possible between transactions"))
        }
        state = .awaitingReply(command)
        return .send([command])
    }

    private mutating func invalidState(_ what: String, phase: SMTPPhase) -> Action {
        state = .closed
        return .fail(SMTPError(.invalidRequest, phase: phase, message: "internal state error: \(what)"))
    }

    private var isQuitting: Bool {
        if case .quitting = state { return true }
        return false
    }

    /// The phase a reply received now would end.
    var currentPhase: SMTPPhase {
        switch state {
        case .initial, .awaitingGreeting: .greeting
        case .awaitingEHLO: .ehlo
        case .awaitingHELO: .helo
        case .awaitingStartTLS, .handshaking: .starttls
        case .authenticating: .auth
        case .transaction(let transaction): transaction.stage.phase
        case .batch(let batch): batch.inFlight.first?.transaction.stage.phase ?? .mailFrom
        case .awaitingReply(let command): command.phase
        case .ready, .quitting, .closed: .quit
        }
    }

    var currentCommand: SMTPCommand? {
        if case .awaitingReply(let command) = state { return command }
        return nil
    }
}

extension SMTPCapabilities {
    /// What a server that only knows HELO offers: nothing.
    public static let none = SMTPCapabilities(serverName: "", extensions: [:])
}
