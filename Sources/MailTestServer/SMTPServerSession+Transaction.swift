import MailCore
import MailTransport

extension SMTPServerSession {
    /// AUTH PLAIN / LOGIN, with or without an initial response (RFC 4954 §4, RFC 4616, draft-murchison-sasl-login).
    ///
    ///     C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABhbGljZS1zZWNyZXQ=
    ///     S: 235 2.7.0 Authentication successful
    mutating func authenticate(_ argument: String, drip: Bool) async throws(SessionEnd) {
        guard heloName != nil, extended else {
            try await channel.send("503 5.5.1 Error: send EHLO first\r\n", drip: drip)
            return
        }
        guard user == nil else {
            try await channel.send("503 5.5.1 Error: already authenticated\r\n", drip: drip)
            return
        }
        guard transaction == nil else {
            try await channel.send("503 5.5.1 Error: MAIL transaction in progress\r\n", drip: drip)
            return
        }
        let parts = argument.split(separator: " ", omittingEmptySubsequences: true)
        let mechanism = parts.first?.uppercased() ?? ""
        let initial = parts.count > 1 ? String(parts[1]) : nil
        var credentials: (String, String)?
        switch mechanism {
        case "PLAIN":
            guard let response = try await saslResponse(initial, challenge: "") else { return }
            let fields = response.split(separator: 0, omittingEmptySubsequences: false)
            if fields.count == 3 {
                credentials = (String(decoding: fields[1], as: UTF8.self), String(decoding: fields[2], as: UTF8.self))
            }
        case "LOGIN":
            guard let name = try await saslResponse(initial, challenge: "VXNlcm5hbWU6"),
                  let password = try await saslResponse(nil, challenge: "UGFzc3dvcmQ6") else { return }
            credentials = (String(decoding: name, as: UTF8.self), String(decoding: password, as: UTF8.self))
        default:
            try await channel.send("504 5.5.4 Unrecognized authentication type\r\n", drip: drip)
            return
        }
        if let (name, password) = credentials, let canonical = context.store.authenticate(name, password) {
            user = canonical
            try await channel.send("235 2.7.0 Authentication successful\r\n", drip: drip)
        } else {
            try await channel.send("535 5.7.8 Error: authentication failed\r\n", drip: drip)
        }
    }

    /// The decoded client response: the initial one, or the line after a 334 challenge.
    /// Nil (with the reply sent) when the client cancelled or sent bad base64.
    private mutating func saslResponse(_ initial: String?, challenge: String) async throws(SessionEnd) -> [UInt8]? {
        var text = initial
        if text == nil {
            try await channel.send("334 \(challenge)\r\n")
            text = String(decoding: try await channel.readLine(limit: configuration.limits.smtpLineLength), as: UTF8.self)
        }
        guard let text, text != "*" else {
            try await channel.send("501 5.7.0 Authentication aborted\r\n")
            return nil
        }
        if text == "=" { return [] }
        guard let bytes = Base64.decode(text) else {
            try await channel.send("501 5.5.2 Cannot decode response\r\n")
            return nil
        }
        return bytes
    }

    // mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF
    mutating func mailFrom(_ argument: String, drip: Bool) async throws(SessionEnd) {
        guard heloName != nil else {
            return try await channel.send("503 5.5.1 Error: send HELO/EHLO first\r\n", drip: drip)
        }
        guard transaction == nil else {
            return try await channel.send("503 5.5.1 Error: nested MAIL command\r\n", drip: drip)
        }
        guard let (address, parameters) = Self.path(argument, keyword: "FROM:") else {
            return try await channel.send("501 5.5.4 Syntax: MAIL FROM:<address>\r\n", drip: drip)
        }
        for parameter in parameters where parameter.uppercased().hasPrefix("SIZE=") {
            if let size = Int(parameter.dropFirst(5)), size > configuration.limits.messageSize {
                return try await channel.send("552 5.3.4 Message size exceeds fixed limit\r\n", drip: drip)
            }
        }
        transaction = Transaction(sender: address)
        try await channel.send("250 2.1.0 Ok\r\n", drip: drip)
    }

    // rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters] CRLF
    mutating func rcptTo(_ argument: String, drip: Bool) async throws(SessionEnd) {
        guard transaction != nil else {
            return try await channel.send("503 5.5.1 Error: need MAIL command\r\n", drip: drip)
        }
        guard let (address, _) = Self.path(argument, keyword: "TO:"), !address.isEmpty else {
            return try await channel.send("501 5.5.4 Syntax: RCPT TO:<address>\r\n", drip: drip)
        }
        guard let canonical = context.canonicalRecipient(address) else {
            return try await channel.send(
                "550 5.1.1 <\(address)>: Recipient address rejected: User unknown\r\n", drip: drip)
        }
        guard transaction!.recipients.count < configuration.limits.recipients else {
            return try await channel.send("452 4.5.3 Error: too many recipients\r\n", drip: drip)
        }
        if !transaction!.recipients.contains(canonical) { transaction!.recipients.append(canonical) }
        try await channel.send("250 2.1.5 Ok\r\n", drip: drip)
    }

    /// `FROM:<a@b> SIZE=10` → ("a@b", ["SIZE=10"]); nil when malformed.
    static func path(_ argument: String, keyword: String) -> (String, [String])? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        let rest = argument.dropFirst(keyword.count).drop { $0 == " " }
        guard rest.first == "<", let close = rest.firstIndex(of: ">") else { return nil }
        let address = String(rest[rest.index(after: rest.startIndex)..<close])
        let parameters = rest[rest.index(after: close)...].split(separator: " ").map(String.init)
        return (address, parameters)
    }

    /// DATA: 354, the dot-stuffed message up to the lone dot, then 250 with the queue id
    /// (RFC 5321 §4.1.1.4, §4.5.2). Oversized messages are read to the end and refused with 552.
    mutating func data(drip: Bool) async throws(SessionEnd) {
        guard let transaction, !transaction.recipients.isEmpty else {
            let reply = self.transaction == nil ? "503 5.5.1 Error: need RCPT command\r\n"
                                                : "554 5.5.1 Error: no valid recipients\r\n"
            return try await channel.send(reply, drip: drip)
        }
        try await channel.send("354 End data with <CR><LF>.<CR><LF>\r\n", drip: drip)
        let limit = configuration.limits.messageSize
        var message: [UInt8] = []
        var tooLarge = false
        while true {
            let line = try await channel.readLine(limit: max(configuration.limits.smtpLineLength, 1 << 20))
            if line.count == 1 && line[0] == UInt8(ascii: ".") { break }
            let body = line.first == UInt8(ascii: ".") ? line.dropFirst() : line[...]
            if tooLarge || message.count + body.count + 2 > limit {
                tooLarge = true
                message = []
                continue
            }
            message.append(contentsOf: body)
            message.append(contentsOf: [13, 10])
        }
        self.transaction = nil
        let accepted = faults("data_accepted")
        try await channel.prelude(accepted)
        if try await replaced(accepted) { return }
        let acceptedDrip = accepted?.drip ?? false
        guard !tooLarge else {
            return try await channel.send("552 5.3.4 Message size exceeds fixed limit\r\n", drip: acceptedDrip)
        }
        let queueID = context.nextQueueID()
        deliver(message, to: transaction.recipients, queueID: queueID)
        try await channel.send("250 2.0.0 Ok: queued as \(queueID)\r\n", drip: acceptedDrip)
    }

    /// Stores one copy per recipient, each with its own Received header (RFC 5321 §4.4),
    /// now or after the delivery delay (plus the relay's own for another server's users).
    private func deliver(_ message: [UInt8], to recipients: [String], queueID: String) {
        let with = (extended ? "ESMTP" : "SMTP") + (tlsActive ? "S" : "") + (user != nil ? "A" : "")
        let peer = channel.connection.remoteAddress.host
        let date = WallClock.rfc5322(WallClock.now())
        let copies = recipients.map { recipient in
            let header = "Received: from \(heloName ?? "unknown") (\(peer) [\(peer)])\r\n"
                + "\tby \(configuration.hostname) (MailProbe test server) with \(with) id \(queueID)\r\n"
                + "\tfor <\(recipient)>; \(date)\r\n"
            return (recipient, Array(header.utf8) + message)
        }
        let fault = context.faults(.delivery, session: number)
        if fault?.drop == true { return }
        let delay = configuration.deliveryDelay + (fault?.delay ?? .zero)
        let junk = fault?.junk == true
        let corrupt = fault?.corrupt == true
        // Local recipients and each relayed server's, each group at its own delay.
        var groups: [Duration: [(String, [UInt8], MailStore)]] = [:]
        for (recipient, bytes) in copies {
            guard let destination = context.destination(of: recipient) else { continue }
            groups[delay + destination.extraDelay, default: []].append((recipient, bytes, destination.store))
        }
        for (groupDelay, group) in groups {
            let storeAll = { @Sendable in
                for (recipient, bytes, store) in group {
                    Self.store(bytes, to: recipient, queueID: queueID, junk: junk, corrupt: corrupt, in: store)
                }
            }
            if groupDelay == .zero {
                storeAll()
            } else {
                let context = self.context
                Task {
                    try? await Task.sleep(for: groupDelay)
                    guard !context.isStopped else { return }
                    storeAll()
                }
            }
        }
    }

    /// The name of the mailbox the `junk` delivery fault stores into.
    static let junkMailbox = "Junk"

    /// A line the `corrupt` delivery fault appends to the body (headers are left alone).
    static let corruption = Array("[altered in transit by the MailProbe test server]\r\n".utf8)

    /// Stores one copy, into `Junk` (created on demand) and/or with its body altered when asked.
    private static func store(_ bytes: [UInt8], to recipient: String, queueID: String, junk: Bool, corrupt: Bool,
                              in store: MailStore) {
        var bytes = bytes
        if corrupt { bytes.append(contentsOf: corruption) }
        var mailbox = "INBOX"
        if junk {
            mailbox = junkMailbox
            _ = store.create(recipient, mailbox)  // false when it exists already
        }
        store.deliver(bytes, to: recipient, mailbox: mailbox, queueID: queueID)
    }
}
