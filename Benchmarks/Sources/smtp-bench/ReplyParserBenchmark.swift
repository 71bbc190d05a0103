#if canImport(Glibc)
import Glibc
#endif
import MailCore
import SMTPCore

/// SMTPReplyParser over one large in-memory corpus in one ``InputBuffer``.
struct ReplyParserBenchmark {
    var megabytes: Int

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run(times: Int) throws {
        let (corpus, expected) = ReplyCorpus.build(bytes: megabytes * 1_000_000)
        let parser = SMTPReplyParser()
        let clock = ContinuousClock()
        // One untimed warm-up pass, then the measured ones.
        for run in 0...times {
            var buffer = InputBuffer(corpus)
            var replies = 0
            var lines = 0
            let started = clock.now
            while let reply = try parser.parse(&buffer) {
                replies += 1
                lines &+= reply.lines.count
            }
            let seconds = started.duration(to: clock.now).seconds
            guard replies == expected, buffer.isEmpty else {
                throw Failure(description: "parsed \(replies) of \(expected) replies, \(buffer.readableBytes) bytes left")
            }
            if run == 0 { continue }
            let megabytesPerSecond = Double(corpus.count) / 1e6 / seconds
            print("run=\(run) bytes=\(corpus.count) replies=\(replies) lines=\(lines) seconds=\(seconds) "
                  + "mb_per_s=\(megabytesPerSecond) replies_per_s=\(Double(replies) / seconds)")
        }
    }
}
