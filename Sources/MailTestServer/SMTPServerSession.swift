import MailCore
import MailTransport

/// One SMTP server session: greeting, commands one line at a time (pipelined input
/// is simply read in order), faults applied per phase. RFC 5321 §4.1, RFC 2920, RFC 3207.
///
///     S: 220 mail.example.test ESMTP MailProbe test server
///     C: EHLO client.example
///     S: 250-mail.example.test
///     S: 250-PIPELINING …
struct SMTPServerSession {
    var channel: ServerChannel
    let context: ServerContext
    let number: Int
    let implicitTLS: Bool
    var tlsActive = false
    /// The EHLO/HELO name; nil before the first one and after STARTTLS.
    var heloName: String?
    var extended = false
    var user: String?
    var transaction: Transaction?

    struct Transaction {
        var sender: String
        /// Canonical user addresses, in order, no duplicates.
        var recipients: [String] = []
    }

    init(_ connection: TCPConnection, context: ServerContext, number: Int, implicitTLS: Bool) {
        self.channel = ServerChannel(connection, for: context.configuration)
        self.context = context
        self.number = number
        self.implicitTLS = implicitTLS
    }

    var configuration: TestMailServer.Configuration { context.configuration }

    func faults(_ phase: String) -> PhaseFaults? {
        context.faults(.smtp(phase), session: number)
    }

    mutating func run() async {
        do {
            if implicitTLS {
                guard await channel.acceptImplicitTLS(configuration.tls) else { return }
                tlsActive = true
            }
            let greeting = faults("greeting")
            try await channel.prelude(greeting)
            guard try await replaced(greeting) == false else { return }
            try await channel.send("220 \(configuration.hostname) ESMTP MailProbe test server\r\n",
                                   drip: greeting?.drip ?? false)
            while try await handleCommand() {}
        } catch .lineTooLong {
            try? await channel.send("500 5.5.0 Error: line too long\r\n")
        } catch {
            return
        }
    }

    /// Sends an injected reply or garbage instead of the real one; true when it did.
    func replaced(_ faults: PhaseFaults?) async throws(SessionEnd) -> Bool {
        guard let faults else { return false }
        if let reply = faults.reply {
            try await channel.send("\(reply.code) \(reply.text ?? "Injected reply")\r\n", drip: faults.drip)
            return true
        }
        if faults.garbage {
            try await channel.send(ServerChannel.garbage, drip: faults.drip)
            return true
        }
        return false
    }

    /// Reads and answers one command; false when the session is over.
    mutating func handleCommand() async throws(SessionEnd) -> Bool {
        let line = try await channel.readLine(limit: configuration.limits.smtpLineLength)
        let text = String(decoding: line, as: UTF8.self)
        let verb = text.prefix { $0 != " " }.uppercased()
        let argument = text.count > verb.count ? String(text.dropFirst(verb.count + 1)) : ""
        let phase = Self.phase(of: verb, argument)
        let phaseFaults = phase.flatMap { faults($0) }
        try await channel.prelude(phaseFaults)
        if try await replaced(phaseFaults) { return verb != "QUIT" }
        let drip = phaseFaults?.drip ?? false
        switch verb {
        case "EHLO", "HELO":
            try await hello(verb == "EHLO", name: argument, drip: drip)
        case "STARTTLS":
            return try await startTLS(drip: drip)
        case "AUTH":
            try await authenticate(argument, drip: drip)
        case "MAIL":
            try await mailFrom(argument, drip: drip)
        case "RCPT":
            try await rcptTo(argument, drip: drip)
        case "DATA":
            try await data(drip: drip)
        case "RSET":
            transaction = nil
            try await channel.send("250 2.0.0 Ok\r\n", drip: drip)
        case "NOOP":
            try await channel.send("250 2.0.0 Ok\r\n", drip: drip)
        case "VRFY":
            try await channel.send("252 2.0.0 Cannot VRFY user, but will accept message\r\n", drip: drip)
        case "QUIT":
            try await channel.send("221 2.0.0 Bye\r\n", drip: drip)
            return false
        default:
            try await channel.send("502 5.5.2 Error: command not recognized\r\n", drip: drip)
        }
        return true
    }

    /// The client's phase name for a command verb (SMTPPhase raw values).
    static func phase(of verb: String, _ argument: String) -> String? {
        switch verb {
        case "EHLO": "ehlo"
        case "HELO": "helo"
        case "STARTTLS": "starttls"
        case "AUTH": "auth"
        case "MAIL": "mail_from"
        case "RCPT": "rcpt_to"
        case "DATA": "data"
        case "RSET": "rset"
        case "NOOP": "noop"
        case "QUIT": "quit"
        default: nil
        }
    }

    // ehlo-ok-rsp = ( "250" SP Domain [ SP ehlo-greet ] CRLF )
    //             / ( "250-" Domain [ SP ehlo-greet ] CRLF *( "250-" ehlo-line CRLF ) "250" SP ehlo-line CRLF )
    mutating func hello(_ extended: Bool, name: String, drip: Bool) async throws(SessionEnd) {
        guard !name.isEmpty else {
            try await channel.send("501 5.5.4 Syntax: \(extended ? "EHLO" : "HELO") hostname\r\n", drip: drip)
            return
        }
        heloName = name
        self.extended = extended
        transaction = nil
        guard extended else {
            try await channel.send("250 \(configuration.hostname)\r\n", drip: drip)
            return
        }
        var lines = [configuration.hostname, "PIPELINING", "SIZE \(configuration.limits.messageSize)", "8BITMIME",
                     "ENHANCEDSTATUSCODES"]
        if configuration.tls != nil && !tlsActive && !configuration.faults.omitsStartTLS(session: number) {
            lines.append("STARTTLS")
        }
        lines.append("AUTH PLAIN LOGIN")
        var reply = ""
        for (index, line) in lines.enumerated() {
            reply += (index == lines.count - 1 ? "250 " : "250-") + line + "\r\n"
        }
        try await channel.send(reply, drip: drip)
    }

    /// STARTTLS (RFC 3207 §4): 220, then the handshake; every earlier state is forgotten.
    mutating func startTLS(drip: Bool) async throws(SessionEnd) -> Bool {
        guard let tls = configuration.tls, !tlsActive, !configuration.faults.omitsStartTLS(session: number) else {
            try await channel.send(tlsActive ? "554 5.5.1 Error: TLS already active\r\n"
                                             : "502 5.5.1 Error: command not implemented\r\n", drip: drip)
            return true
        }
        var reply = Array("220 2.0.0 Ready to start TLS\r\n".utf8)
        if configuration.faults.injectsAfterStartTLS && configuration.faults.affects(session: number) {
            reply += Array("250-INJECTED plaintext after STARTTLS\r\n250 AUTH PLAIN\r\n".utf8)
        }
        try await channel.send(reply, drip: drip)
        // RFC 3207 §4.2 / CVE-2011-0411: nothing the client pipelined in clear text is acted on.
        channel.buffer.clear()
        do {
            try await channel.connection.acceptTLS(tls, deadline: .now + .seconds(30))
        } catch {
            return false
        }
        tlsActive = true
        heloName = nil
        extended = false
        user = nil
        transaction = nil
        return true
    }
}

extension FaultPlan {
    /// Whether STARTTLS is hidden from session `number`.
    func omitsStartTLS(session number: Int) -> Bool {
        omitsStartTLS && affects(session: number)
    }
}
