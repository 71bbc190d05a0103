import MailCore
import MailTransport
import SMTPCore

/// NOT MailProbe's client: a prototype of one possible change, for comparison only.
///
/// RFC 2920 §3.1 lets message content be the first "command" of a pipelined
/// group and DATA its last, so a client sending many messages can put the next
/// transaction's envelope right behind the final dot: one round trip per
/// message instead of the two that `SMTPConnection.send` needs.
///
///     C: MAIL FROM:<sender@example.test> / RCPT TO:<sink@example.test> / DATA
///     S: 250 / 250 / 354
///     C: [message] . MAIL FROM:<...> / RCPT TO:<...> / DATA      (one write)
///     S: 250 (queued) / 250 / 250 / 354                           (one read)
///
/// Built from the same MailTransport connection, InputBuffer, SMTPReplyParser and
/// SMTPDataEncoder as the client, so the difference is the round trips alone.
struct PipelinedBatchPrototype {
    var host: String
    var port: UInt16
    var messages: Int
    var messageSize: Int

    func run() async throws -> ThroughputBenchmark.Result {
        let payload = SMTPDataEncoder.encode(ThroughputBenchmark.message(size: messageSize))
        let envelope = Array("MAIL FROM:<sender@example.test>\r\nRCPT TO:<sink@example.test>\r\nDATA\r\n".utf8)
        let clock = ContinuousClock()
        let started = clock.now
        let connection = try await TCPConnection.connect(host: host, port: port, deadline: .now + .seconds(30))
        defer { connection.close() }
        var buffer = InputBuffer()
        let parser = SMTPReplyParser()
        func expect(_ code: Int) async throws {
            while true {
                if let reply = try parser.parse(&buffer) {
                    guard reply.code == code else {
                        throw ThroughputBenchmark.Failure(description: "expected \(code), got \(reply)")
                    }
                    return
                }
                _ = try await connection.read(into: &buffer, deadline: .now + .seconds(30))
            }
        }
        try await expect(220)
        try await connection.write(Array("EHLO localhost\r\n".utf8), deadline: .now + .seconds(30))
        try await expect(250)
        try await connection.write(envelope, deadline: .now + .seconds(30))
        for index in 0..<messages {
            try await expect(250)
            try await expect(250)
            try await expect(354)
            let last = index == messages - 1
            try await connection.write(payload + (last ? Array("QUIT\r\n".utf8) : envelope), deadline: .now + .seconds(30))
            try await expect(250)
        }
        try await expect(221)
        return ThroughputBenchmark.Result(messages: messages, seconds: started.duration(to: clock.now).seconds)
    }
}
