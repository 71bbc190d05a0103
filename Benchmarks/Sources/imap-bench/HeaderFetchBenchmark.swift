import IMAPClient
import IMAPCore
import MailCore
import MailTransport

/// `UID FETCH 1:* (UID BODY.PEEK[HEADER])` on one logged-in, selected ``IMAPConnection``.
struct HeaderFetchBenchmark {
    var host: String
    var port: UInt16
    var user: String
    var password: String
    var mailbox: String
    var expected: Int?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run(times: Int) async throws {
        let configuration = IMAPClientConfiguration(
            host: host, port: port, security: .plain,
            authentication: MailAuthentication(user: user, secret: .password(password)),
            prefersLogin: true)
        let imap = IMAPConnection(configuration: configuration)
        try await imap.connect()
        let selected = try await imap.select(mailbox)
        let clock = ContinuousClock()
        // One untimed warm-up fetch (Dovecot's cache and ours), then the measured ones.
        for run in 0...times {
            let started = clock.now
            let responses = try await imap.uidFetch(.all, [.uid, .body(.header, peek: true)])
            let seconds = started.duration(to: clock.now).seconds
            var bytes = 0
            for response in responses {
                guard response.uid != nil, let header = response.body(.header) else {
                    throw Failure(description: "a FETCH response without UID or BODY[HEADER]: \(response)")
                }
                bytes += header.count
            }
            let count = expected ?? Int(selected.exists)
            guard responses.count == count else {
                throw Failure(description: "fetched \(responses.count) messages, expected \(count)")
            }
            if run == 0 { continue }
            print("run=\(run) messages=\(responses.count) header_bytes=\(bytes) seconds=\(seconds) "
                  + "msgs_per_s=\(Double(responses.count) / seconds)")
        }
        try await imap.logout()
    }
}
