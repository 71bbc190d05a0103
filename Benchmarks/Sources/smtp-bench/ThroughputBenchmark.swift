import MailCore
import SMTPClient
import SMTPCore

/// Many small messages over one SMTP connection, as fast as the client can go.
///
/// `batch` (the default): `SMTPConnection.send(batch:)`, one round trip per message
/// with PIPELINING, the next envelope in the same write as the payload:
///
///     C: [message i] . / MAIL FROM:<sender@example.test> / RCPT TO:<sink@example.test> / DATA
///     S: 250 2.0.0 Ok: queued as ... / 250 2.1.0 Ok / 250 2.1.5 Ok / 354 End data with <CR><LF>.<CR><LF>
///
/// `perMessage`: `SMTPConnection.send(_:envelope:)` once per message, two round
/// trips each with PIPELINING (MAIL + RCPT + DATA, then the payload), four without.
///
/// The clock runs from before `connect()` to after `quit()`: the same span
/// the driver times for smtp-source and for Python's smtplib.
struct ThroughputBenchmark {
    var host: String
    var port: UInt16
    var messages: Int
    var messageSize: Int
    var usesPipelining: Bool
    var usesBatch: Bool

    struct Result {
        var messages: Int
        var seconds: Double
        var messagesPerSecond: Double { Double(messages) / seconds }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run() async throws -> Result {
        let message = Self.message(size: messageSize)
        let envelope = SMTPEnvelope(sender: "sender@example.test", recipients: ["sink@example.test"])
        let smtp = SMTPConnection(configuration: SMTPClientConfiguration(
            host: host, port: port, security: .plain, usesPipelining: usesPipelining))
        let clock = ContinuousClock()
        let started = clock.now
        try await smtp.connect()
        if usesPipelining, smtp.capabilities?.pipelining != true {
            throw Failure(description: "the server does not offer PIPELINING")
        }
        if usesBatch {
            let results = await smtp.send(batch: Array(repeating: (message, envelope), count: messages))
            for (index, result) in results.enumerated() {
                guard case .success(let sent) = result, sent.acceptedReply.code == 250 else {
                    throw Failure(description: "message \(index): \(result)")
                }
            }
        } else {
            for index in 0..<messages {
                let result = try await smtp.send(message, envelope: envelope)
                guard result.acceptedReply.code == 250 else {
                    throw Failure(description: "message \(index): \(result.acceptedReply)")
                }
            }
        }
        try await smtp.quit()
        let elapsed = started.duration(to: clock.now)
        return Result(messages: messages, seconds: elapsed.seconds)
    }

    /// A plain-text message of exactly `size` bytes with CRLF line ends.
    static func message(size: Int) -> [UInt8] {
        var text = """
            From: Sender <sender@example.test>\r
            To: Sink <sink@example.test>\r
            Subject: MailProbe throughput benchmark\r
            Message-ID: <bench.0001@example.test>\r
            Date: Mon, 1 Jan 2024 00:00:00 +0000\r
            \r

            """
        let line = "The quick brown fox jumps over the lazy dog, again and again.\r\n"
        while text.utf8.count + line.utf8.count <= size { text += line }
        var bytes = Array(text.utf8)
        while bytes.count < size - 2 { bytes.append(UInt8(ascii: "x")) }
        if bytes.count < size { bytes += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
        return bytes
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
