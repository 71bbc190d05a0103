import IMAPClient
import IMAPCore
import MailCore
import MailTransport

#if canImport(Glibc)
import Glibc
#endif

/// `UID FETCH <uid> (BODY.PEEK[])` of one large message, its MD5 computed from
/// what arrives: streamed to a sink in pieces, or buffered whole; the peak
/// resident memory of the process before and after tells what the fetch held.
struct LargeFetchBenchmark {
    var host: String
    var port: UInt16
    var user: String
    var password: String
    var mailbox: String
    var streamed: Bool

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Only the connection's reader calls the sink, one piece after another.
    final class Digest: @unchecked Sendable {
        var md5 = MD5()
        var count = 0
    }

    func run() async throws {
        let configuration = IMAPClientConfiguration(
            host: host, port: port, security: .plain,
            authentication: MailAuthentication(user: user, secret: .password(password)),
            prefersLogin: true, timeouts: .uniform(.seconds(120)))
        let imap = IMAPConnection(configuration: configuration)
        try await imap.connect()
        let selected = try await imap.examine(mailbox)
        guard selected.exists == 1, let uid = try await imap.uidSearch(.all).first else {
            throw Failure(description: "\(mailbox) must hold exactly one message")
        }
        let before = Self.peakResidentKB()
        let clock = ContinuousClock()
        let started = clock.now
        let digest = Digest()
        let item = IMAPFetchItem.body(.complete, peek: true)
        if streamed {
            _ = try await imap.uidFetch(IMAPSequenceSet([uid]), [item], streamingLiteralsFrom: 64 * 1024) { chunk in
                digest.md5.update(chunk.bytes)
                digest.count += chunk.bytes.count
            }
        } else {
            let fetched = try await imap.uidFetch(IMAPSequenceSet([uid]), [item])
            guard let body = fetched.first?.body(.complete) else { throw Failure(description: "no BODY[] in \(fetched)") }
            digest.md5.update(body)
            digest.count = body.count
        }
        let seconds = started.duration(to: clock.now).seconds
        let md5 = digest.md5.finalize().hexString
        print("mode=\(streamed ? "streamed" : "buffered") bytes=\(digest.count) md5=\(md5) seconds=\(seconds) "
              + "peak_rss_before_kb=\(before) peak_rss_kb=\(Self.peakResidentKB())")
        try await imap.logout()
    }

    static func peakResidentKB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}
