import MailCore
import MailTransport

extension IMAPServerSession {
    /// Carries out one command, appending its responses to ``out``; false ends the session.
    mutating func execute(_ command: IMAPServerCommand) async throws(SessionEnd) -> Bool {
        let tag = command.tag
        let args = command.arguments
        switch command.name {
        case "CAPABILITY":
            emit("* CAPABILITY \(capabilities)")
            tagged(tag, "OK", "CAPABILITY completed")
        case "NOOP", "CHECK":
            syncExpunged()
        case "LOGOUT":
            emit("* BYE MailProbe test server logging out")
            tagged(tag, "OK", "LOGOUT completed")
            return false
        case "STARTTLS":
            return try await startTLS(tag)
        case "LOGIN":
            guard user == nil else { tagged(tag, "BAD", "already authenticated"); break }
            guard args.count == 2, let name = args[0].text, let password = args[1].text else {
                tagged(tag, "BAD", "LOGIN needs a user name and a password"); break
            }
            login(tag, name, password)
        case "AUTHENTICATE":
            try await authenticate(tag, args)
        case "ID":
            emit("* ID (\"name\" \"MailProbe test server\")")
            tagged(tag, "OK", "ID completed")
        case "ENABLE":
            emit("* ENABLED")
            tagged(tag, "OK", "ENABLE completed")
        case "NAMESPACE":
            emit("* NAMESPACE ((\"\" \"/\")) NIL NIL")
            tagged(tag, "OK", "NAMESPACE completed")
        case "IDLE":
            try await idle(tag)
        default:
            guard let user else {
                if Self.phase(of: command.name) != nil {
                    tagged(tag, "NO", "log in first")
                } else {
                    tagged(tag, "BAD", "unknown command \(command.name)")
                }
                return true
            }
            try await executeAuthenticated(command, user: user)
        }
        if ["NOOP", "CHECK"].contains(command.name) {
            syncNew()
            tagged(tag, "OK", "\(command.name) completed")
        }
        return true
    }

    /// STARTTLS (RFC 9051 §6.2.1): OK, then the handshake; buffered client bytes are dropped.
    private mutating func startTLS(_ tag: String) async throws(SessionEnd) -> Bool {
        guard let tls = configuration.tls, !tlsActive, user == nil,
              !(configuration.faults.omitsStartTLS && affected) else {
            tagged(tag, "BAD", "STARTTLS not available")
            return true
        }
        tagged(tag, "OK", "Begin TLS negotiation now")
        if configuration.faults.injectsAfterStartTLS && affected {
            emit("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN LOGINDISABLED] injected in clear text")
            emit("\(tag) OK injected")
        }
        try await channel.send(out)
        out = []
        channel.buffer.clear()
        do {
            try await channel.connection.acceptTLS(tls, deadline: .now + .seconds(30))
        } catch {
            return false
        }
        tlsActive = true
        return true
    }

    private mutating func login(_ tag: String, _ name: String, _ password: String) {
        if let canonical = store.authenticate(name, password) {
            user = canonical
            tagged(tag, "OK", "[CAPABILITY \(capabilities)] Logged in")
        } else {
            tagged(tag, "NO", "[AUTHENTICATIONFAILED] Authentication failed.")
        }
    }

    // authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp] *(CRLF base64)
    private mutating func authenticate(_ tag: String, _ args: [IMAPToken]) async throws(SessionEnd) {
        guard user == nil else { return tagged(tag, "BAD", "already authenticated") }
        guard let mechanism = args.first?.text?.uppercased(), mechanism == "PLAIN" else {
            return tagged(tag, "NO", "[CANNOT] unsupported mechanism")
        }
        var response = args.count > 1 ? args[1].text : nil
        if response == nil {
            try await channel.send("+ \r\n")
            response = String(decoding: try await channel.readLine(limit: configuration.limits.imapLineLength),
                              as: UTF8.self)
        }
        guard let response, response != "*" else { return tagged(tag, "BAD", "AUTHENTICATE cancelled") }
        let decoded = response == "=" ? [] : Base64.decode(response)
        let fields = decoded?.split(separator: 0, omittingEmptySubsequences: false) ?? []
        guard fields.count == 3 else { return tagged(tag, "BAD", "invalid SASL PLAIN response") }
        login(tag, String(decoding: fields[1], as: UTF8.self), String(decoding: fields[2], as: UTF8.self))
    }

    /// IDLE (RFC 2177): `+ idling`, then `* N EXISTS` the moment a message is stored, until DONE.
    private mutating func idle(_ tag: String) async throws(SessionEnd) {
        guard !(configuration.faults.omitsIdle && affected) else { return tagged(tag, "BAD", "IDLE not supported") }
        guard let user else { return tagged(tag, "NO", "log in first") }
        out += Array("+ idling\r\n".utf8)
        syncExpunged()
        syncNew()
        try await channel.send(out)
        out = []
        let watch = selection.map { store.watch(user, $0.mailbox) }
        let pusher: Task<IMAPSelection?, Never> = Task { [store, connection = channel.connection,
                                                          timeout = channel.idleTimeout, selection] in
            guard var view = selection, let (_, stream) = watch else { return selection }
            for await _ in stream {
                var pending: [UInt8] = []
                view.syncExpunged(store, into: &pending)
                view.syncNew(store, into: &pending)
                guard !pending.isEmpty else { continue }
                do {
                    try await ServerChannel.send(pending, on: connection, drip: false, interval: .zero, timeout: timeout)
                } catch {
                    break
                }
            }
            return view
        }
        let line: [UInt8]
        do {
            line = try await channel.readLine(limit: configuration.limits.imapLineLength)
        } catch {
            if let watch { store.unwatch(watch.0) }
            pusher.cancel()
            _ = await pusher.value
            throw error
        }
        if let watch { store.unwatch(watch.0) }
        selection = await pusher.value
        if String(decoding: line, as: UTF8.self).uppercased() == "DONE" {
            tagged(tag, "OK", "IDLE terminated")
        } else {
            tagged(tag, "BAD", "expected DONE")
        }
    }
}
