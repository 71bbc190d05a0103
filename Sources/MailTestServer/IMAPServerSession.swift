import MailCore
import MailTransport

/// One IMAP server session over the shared store: reads tagged commands (with
/// `{n}` and `{n+}` literals), applies the phase's faults, answers.
/// RFC 9051 / RFC 3501 §6, RFC 2177 (IDLE), RFC 7888 (LITERAL+), RFC 4959 (SASL-IR).
///
///     S: * OK MailProbe test server ready
///     C: A1 LOGIN alice@example.test alice-secret
///     S: A1 OK [CAPABILITY IMAP4rev1 …] Logged in
struct IMAPServerSession {
    var channel: ServerChannel
    let context: ServerContext
    let number: Int
    let implicitTLS: Bool
    var tlsActive = false
    var user: String?
    var selection: IMAPSelection?
    /// The response being built for the command in progress; written once, at its end.
    var out: [UInt8] = []

    init(_ connection: TCPConnection, context: ServerContext, number: Int, implicitTLS: Bool) {
        self.channel = ServerChannel(connection, for: context.configuration)
        self.context = context
        self.number = number
        self.implicitTLS = implicitTLS
    }

    var configuration: TestMailServer.Configuration { context.configuration }
    var store: MailStore { context.store }
    var affected: Bool { configuration.faults.affects(session: number) }

    func faults(_ phase: String) -> PhaseFaults? {
        context.faults(.imap(phase), session: number)
    }

    /// The capability list for the session's present state.
    var capabilities: String {
        var list = ["IMAP4rev1", "LITERAL+", "SASL-IR", "UIDPLUS", "MOVE", "ID", "ENABLE", "NAMESPACE", "UNSELECT"]
        if !(configuration.faults.omitsIdle && affected) { list.append("IDLE") }
        if user == nil {
            if configuration.tls != nil && !tlsActive && !(configuration.faults.omitsStartTLS && affected) {
                list.append("STARTTLS")
            }
            list.append("AUTH=PLAIN")
        }
        return list.joined(separator: " ")
    }

    mutating func run() async {
        do {
            if implicitTLS {
                guard await channel.acceptImplicitTLS(configuration.tls) else { return }
                tlsActive = true
            }
            try await greet()
            while try await handleCommand() {}
        } catch .lineTooLong {
            try? await channel.send("* BYE line too long\r\n")
        } catch {
            return
        }
    }

    // greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF
    private mutating func greet() async throws(SessionEnd) {
        let faults = self.faults("greeting")
        try await channel.prelude(faults)
        if let reply = faults?.reply {
            return try await channel.send("* \(reply.code) \(reply.text ?? "Injected reply")\r\n", drip: faults?.drip ?? false)
        }
        if faults?.garbage == true { return try await channel.send(ServerChannel.garbage) }
        var greeting = "* OK MailProbe test server ready\r\n"
        if configuration.faults.preauthGreeting && affected, let first = configuration.users.first {
            user = store.canonicalUser(first.address) ?? first.address
            greeting = "* PREAUTH [CAPABILITY \(capabilities)] Logged in as \(first.address)\r\n"
        }
        try await channel.send(greeting, drip: faults?.drip ?? false)
    }

    /// Reads one command with its literals: `{n}` gets `+ Ready`, `{n+}` does not (RFC 7888).
    private mutating func readCommand() async throws(SessionEnd) -> (text: [UInt8], literals: [[UInt8]]) {
        var text: [UInt8] = []
        var literals: [[UInt8]] = []
        let limits = configuration.limits
        while true {
            let line = try await channel.readLine(limit: limits.imapLineLength)
            text += line
            guard text.count <= limits.imapLineLength else { throw .lineTooLong }
            guard let (size, synchronizing) = Self.trailingLiteral(line) else { return (text, literals) }
            let total = literals.reduce(0) { $0 + $1.count } + size
            guard total <= limits.messageSize else {
                if synchronizing {
                    // Refused before the client sent the bytes; the command ends here.
                    return (Array("\(Self.tag(of: text)) TOOBIG".utf8), [])
                }
                throw .lineTooLong
            }
            if synchronizing { try await channel.send("+ Ready for literal data\r\n") }
            literals.append(try await channel.readBytes(size))
        }
    }

    /// `… {12}` → (12, true); `… {12+}` → (12, false).
    static func trailingLiteral(_ line: [UInt8]) -> (Int, Bool)? {
        guard line.last == UInt8(ascii: "}"), let open = line.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        var digits = line[(open + 1)..<(line.count - 1)]
        let plus = digits.last == UInt8(ascii: "+")
        if plus { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return (Int(String(decoding: digits, as: UTF8.self))!, !plus)
    }

    static func tag(of text: [UInt8]) -> String {
        String(decoding: text.prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
    }

    /// Reads, answers and flushes one command; false when the session is over.
    private mutating func handleCommand() async throws(SessionEnd) -> Bool {
        let (text, literals) = try await readCommand()
        let command: IMAPServerCommand
        do {
            command = try IMAPServerCommand(text: text, literals: literals)
        } catch {
            let tag = Self.tag(of: text)
            try await channel.send("\(tag.isEmpty ? "*" : tag) BAD \(error.message)\r\n")
            return true
        }
        if command.name == "TOOBIG" {
            try await channel.send("\(command.tag) NO [TOOBIG] literal too large\r\n")
            return true
        }
        let phase = Self.phase(of: command.name)
        let faults = phase.flatMap { self.faults($0) }
        try await channel.prelude(faults)
        if let reply = faults?.reply {
            try await channel.send("\(command.tag) \(reply.code) \(reply.text ?? "Injected reply")\r\n",
                                   drip: faults?.drip ?? false)
            return true
        }
        if faults?.garbage == true {
            try await channel.send(ServerChannel.garbage)
            return true
        }
        out = []
        let keepGoing = try await execute(command)
        if !out.isEmpty {
            try await channel.send(out, drip: faults?.drip ?? false)
            out = []
        }
        return keepGoing
    }

    /// The client's phase name for a command (IMAPPhase raw values).
    static func phase(of name: String) -> String? {
        switch name {
        case "CAPABILITY": "capability"
        case "STARTTLS": "starttls"
        case "LOGIN", "AUTHENTICATE": "auth"
        case "SELECT": "select"
        case "EXAMINE": "examine"
        case "SEARCH", "UID SEARCH": "search"
        case "FETCH", "UID FETCH": "fetch"
        case "STORE", "UID STORE": "store"
        case "EXPUNGE", "UID EXPUNGE": "expunge"
        case "COPY", "UID COPY": "copy"
        case "MOVE", "UID MOVE": "move"
        case "IDLE": "idle"
        case "NOOP": "noop"
        case "LOGOUT": "logout"
        case "APPEND": "append"
        case "CREATE": "create"
        case "DELETE": "delete"
        case "RENAME": "rename"
        case "LIST", "LSUB": "list"
        case "STATUS": "status"
        case "UNSELECT", "CLOSE": "unselect"
        case "ID": "id"
        case "ENABLE": "enable"
        default: nil
        }
    }

    /// Tells the client of new messages in its selected mailbox (`* N EXISTS`).
    mutating func syncNew() {
        guard var view = selection else { return }
        view.syncNew(context.store, into: &out)
        selection = view
    }

    /// Tells the client of removed messages (`* n EXPUNGE`).
    mutating func syncExpunged() {
        guard var view = selection else { return }
        view.syncExpunged(context.store, into: &out)
        selection = view
    }

    mutating func emit(_ line: String) {
        out += Array(line.utf8)
        out += [13, 10]
    }

    mutating func tagged(_ tag: String, _ status: String, _ text: String) {
        emit("\(tag) \(status) \(text)")
    }
}
