/// One write of a batch (``SMTPStateMachine/startBatch(_:)``): a message's payload
/// and the commands behind it, each part tagged with the message it belongs to.
///
/// With PIPELINING the content of one message may open a group and the next
/// message's DATA close it (RFC 2920 §3.1), so a batch needs one round trip per message:
///
///     C: [message 0] .
///     C: MAIL FROM:<alice@example.test>
///     C: RCPT TO:<bob@example.test>
///     C: DATA
///     S: 250 2.0.0 Ok: queued as 4ABC        (message 0)
///     S: 250 2.1.0 Ok                        (message 1)
///     S: 250 2.1.5 Ok                        (message 1)
///     S: 354 End data with <CR><LF>.<CR><LF> (message 1)
///
/// One reply follows per part, in order: the payload's, then one per command.
public struct SMTPPipelinedGroup: Sendable, Hashable {
    /// A DATA payload (dot-stuffed and terminated by `.` CRLF).
    public struct Content: Sendable, Hashable {
        /// The message's index in the batch.
        public var message: Int
        public var payload: [UInt8]

        public init(message: Int, payload: [UInt8]) {
            self.message = message
            self.payload = payload
        }
    }

    /// A command and the index in the batch of the message it belongs to.
    public struct Command: Sendable, Hashable {
        public var message: Int
        public var command: SMTPCommand

        public init(message: Int, command: SMTPCommand) {
            self.message = message
            self.command = command
        }
    }

    /// Written first, when present.
    public var content: Content?
    public var commands: [Command]

    public init(content: Content? = nil, commands: [Command] = []) {
        self.content = content
        self.commands = commands
    }

    /// The bytes to write: the payload, then every command.
    public func encode(into buffer: inout [UInt8]) {
        if let content {
            buffer.append(contentsOf: content.payload)
        }
        for command in commands {
            command.command.encode(into: &buffer)
        }
    }
}

/// One message of a batch: the message as given (any line ends) and its envelope.
public struct SMTPBatchMessage: Sendable, Hashable {
    public var message: [UInt8]
    public var envelope: SMTPEnvelope

    public init(message: [UInt8], envelope: SMTPEnvelope) {
        self.message = message
        self.envelope = envelope
    }
}
