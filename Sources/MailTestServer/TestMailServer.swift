import MailTransport
import Synchronization

/// The project's own SMTP + IMAP test server: in-memory mailboxes, scripted faults and delays.
///
///     let server = try await TestMailServer.start(.init(smtpPort: 0, imapPort: 0,
///                                                      faults: FaultPlan(rules: [.smtp("rcpt_to"): [.delay(.milliseconds(100))]])))
///     // submit to server.ports.smtp!, read from server.ports.imap! …
///     let truth = server.deliveries          // when each message entered the store
///     await server.stop()
///
/// Every socket lives on the shared MailTransport event loop; each connection is
/// one Swift task (no thread), so tens of thousands of idle sessions cost little.
/// SMTP: RFC 5321 with RFC 2920 (PIPELINING), RFC 3207 (STARTTLS), RFC 4954 (AUTH),
/// RFC 3463 (enhanced codes). IMAP: the RFC 3501 / 9051 subset ordinary clients use,
/// with RFC 2177 (IDLE), RFC 7888 (LITERAL+), RFC 4959 (SASL-IR), RFC 4315 (UIDPLUS).
public final class TestMailServer: Sendable {
    public let configuration: Configuration
    public let ports: Ports
    let context: ServerContext
    private let listeners: [TCPListener]
    private let acceptLoops: Mutex<[Task<Void, Never>]>

    private init(configuration: Configuration, ports: Ports, context: ServerContext, listeners: [TCPListener]) {
        self.configuration = configuration
        self.ports = ports
        self.context = context
        self.listeners = listeners
        self.acceptLoops = Mutex([])
    }

    /// Binds every configured port and starts accepting; returns once listening.
    public static func start(_ configuration: Configuration) async throws -> TestMailServer {
        if (configuration.smtpsPort != nil || configuration.imapsPort != nil) && configuration.tls == nil {
            throw TransportError(step: .listen, code: .io, message: "implicit-TLS ports need a TLS configuration")
        }
        var listeners: [(TCPListener, Service)] = []
        func bind(_ port: UInt16?, _ service: Service) throws {
            guard let port else { return }
            listeners.append((try TCPListener.bind(host: configuration.host, port: port), service))
        }
        do {
            try bind(configuration.smtpPort, .smtp)
            try bind(configuration.imapPort, .imap)
            try bind(configuration.smtpsPort, .smtps)
            try bind(configuration.imapsPort, .imaps)
        } catch {
            for (listener, _) in listeners { listener.close() }
            throw error
        }
        func port(_ service: Service) -> UInt16? {
            listeners.first { $0.1 == service }?.0.localAddress.port
        }
        let ports = Ports(smtp: port(.smtp), imap: port(.imap), smtps: port(.smtps), imaps: port(.imaps))
        let context = ServerContext(configuration: configuration)
        let server = TestMailServer(configuration: configuration, ports: ports, context: context,
                                    listeners: listeners.map(\.0))
        let loops = listeners.map { listener, service in
            Task { await Self.acceptLoop(listener, service, context) }
        }
        server.acceptLoops.withLock { $0 = loops }
        return server
    }

    /// Stops listening, closes every session, waits for them to end. Idempotent.
    public func stop() async {
        for listener in listeners { listener.close() }
        context.stop()
        let loops = acceptLoops.withLock { loops in
            defer { loops = [] }
            return loops
        }
        // Cancelling the accept loops cancels their session tasks too: injected delays end at once.
        for loop in loops { loop.cancel() }
        for loop in loops { await loop.value }
        context.store.finishAll()
    }

    /// Every message stored so far, with its ground-truth instant, in order.
    public var deliveries: [TestMailDelivery] { context.store.deliveries }

    /// Deliveries as they happen (with `replay`, first those so far); ends at ``stop()``.
    public func deliveryStream(replay: Bool = false) -> AsyncStream<TestMailDelivery> {
        context.store.deliveryStream(replay: replay)
    }

    /// The messages of a user's mailbox, in UID order; nil for an unknown user or mailbox.
    public func mailbox(of user: String, named mailbox: String = "INBOX") -> [TestMailMessage]? {
        context.store.mailbox(user, mailbox)?.messages
    }

    /// Sessions accepted so far per protocol (the numbers `FaultPlan.every` counts).
    public var sessionCounts: (smtp: Int, imap: Int) {
        (context.smtpSessions.load(ordering: .relaxed), context.imapSessions.load(ordering: .relaxed))
    }

    /// Sessions open right now.
    public var openSessions: Int { context.openCount }

    enum Service: Sendable {
        case smtp, imap, smtps, imaps
    }

    private static func acceptLoop(_ listener: TCPListener, _ service: Service, _ context: ServerContext) async {
        await withDiscardingTaskGroup { group in
            while true {
                let connection: TCPConnection
                do throws(TransportError) {
                    connection = try await listener.accept()
                } catch {
                    if error.code == .connectionClosed || error.code == .cancelled || context.isStopped { return }
                    // EMFILE and friends: back off instead of spinning.
                    try? await Task.sleep(for: .milliseconds(10))
                    continue
                }
                guard context.register(connection) else {
                    connection.close()
                    return
                }
                group.addTask {
                    defer { context.unregister(connection) }
                    switch service {
                    case .smtp, .smtps:
                        let number = context.smtpSessions.add(1, ordering: .relaxed).newValue
                        var session = SMTPServerSession(connection, context: context, number: number,
                                                        implicitTLS: service == .smtps)
                        await session.run()
                    case .imap, .imaps:
                        let number = context.imapSessions.add(1, ordering: .relaxed).newValue
                        var session = IMAPServerSession(connection, context: context, number: number,
                                                        implicitTLS: service == .imaps)
                        await session.run()
                    }
                }
            }
        }
    }
}

/// What every session of one server shares: configuration, store, open connections.
final class ServerContext: Sendable {
    /// The configuration as started; faults and delivery delay come from ``live``.
    private let initial: TestMailServer.Configuration
    /// What may change while the server runs (``TestMailServer/replaceFaults(_:)`` and friends).
    let live: Mutex<LiveSettings>
    let store: MailStore
    let smtpSessions = Atomic<Int>(0)
    let imapSessions = Atomic<Int>(0)
    private let open = Mutex<(stopped: Bool, connections: [ConnectionID: TCPConnection])>((false, [:]))

    init(configuration: TestMailServer.Configuration) {
        self.initial = configuration
        self.live = Mutex(LiveSettings(faults: configuration.faults, deliveryDelay: configuration.deliveryDelay))
        self.store = MailStore(users: configuration.users, seed: configuration.seed)
    }

    /// The configuration in force now: as started, with the current faults and delivery delay.
    var configuration: TestMailServer.Configuration {
        var configuration = initial
        let settings = live.withLock { ($0.faults, $0.deliveryDelay) }
        configuration.faults = settings.0
        configuration.deliveryDelay = settings.1
        return configuration
    }

    var isStopped: Bool { open.withLock { $0.stopped } }
    var openCount: Int { open.withLock { $0.connections.count } }

    /// Tracks a connection so ``stop()`` can close it; false once stopped.
    func register(_ connection: TCPConnection) -> Bool {
        open.withLock { state in
            guard !state.stopped else { return false }
            state.connections[connection.id] = connection
            return true
        }
    }

    func unregister(_ connection: TCPConnection) {
        connection.close()
        _ = open.withLock { $0.connections.removeValue(forKey: connection.id) }
    }

    func stop() {
        let connections = open.withLock { state in
            state.stopped = true
            return Array(state.connections.values)
        }
        for connection in connections { connection.close() }
    }

    /// The faults of `phase` for session `number` of its protocol, if it is affected.
    func faults(_ phase: FaultPhase, session number: Int) -> PhaseFaults? {
        let plan = live.withLock { $0.faults }
        guard plan.affects(session: number) else { return nil }
        return plan.faults(for: phase)
    }

    /// A Postfix-style queue id from the seeded generator: 10 upper-case hex digits.
    func nextQueueID() -> String {
        let text = String(store.random() & 0xFF_FFFF_FFFF, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 10 - text.count)) + text
    }
}
