#if canImport(Glibc)
import Glibc
#endif
import IMAPCore
import MailCore

/// IMAPResponseParser over the FETCH corpus of `imap_corpus.py`, from one ``InputBuffer``.
struct ResponseParserBenchmark {
    var corpusPath: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run(times: Int) throws {
        let corpus = try readFile(corpusPath)
        let clock = ContinuousClock()
        // One untimed warm-up pass, then the measured ones.
        for run in 0...times {
            var buffer = InputBuffer(corpus)
            var parser = IMAPResponseParser(expectingGreeting: false)
            var fetches = 0
            var checksum = 0
            let cpuStarted = threadCPUSeconds()
            let started = clock.now
            while let response = try parser.parse(&buffer) {
                guard case .untagged(.fetch(let fetch)) = response else {
                    throw Failure(description: "response \(fetches + 1) is not a FETCH: \(response)")
                }
                fetches += 1
                checksum &+= Int(fetch.uid ?? 0) &+ fetch.attributes.count
            }
            let seconds = started.duration(to: clock.now).seconds
            let cpuSeconds = threadCPUSeconds() - cpuStarted
            guard buffer.isEmpty, checksum > 0 else {
                throw Failure(description: "parsed \(fetches) responses, \(buffer.readableBytes) bytes left")
            }
            if run == 0 {
                try check(corpus)
                continue
            }
            print("run=\(run) bytes=\(corpus.count) responses=\(fetches) seconds=\(seconds) cpu_seconds=\(cpuSeconds) "
                  + "mb_per_s=\(Double(corpus.count) / 1e6 / seconds) mb_per_cpu_s=\(Double(corpus.count) / 1e6 / cpuSeconds) "
                  + "responses_per_s=\(Double(fetches) / seconds)")
        }
    }

    /// Every response must come out whole: six items, a multipart body, addresses, a header literal.
    private func check(_ corpus: [UInt8]) throws {
        var buffer = InputBuffer(corpus)
        var parser = IMAPResponseParser(expectingGreeting: false)
        while let response = try parser.parse(&buffer) {
            guard case .untagged(.fetch(let fetch)) = response, fetch.attributes.count == 6,
                  let envelope = fetch.envelope, !envelope.from.isEmpty, !envelope.to.isEmpty,
                  case .multipart(let multipart)? = fetch.bodyStructure, multipart.parts.count >= 2,
                  let header = fetch.body(.header), header.count > 1000
            else { throw Failure(description: "unexpected parse: \(response)") }
        }
    }
}

/// CPU time of the calling thread: on a shared machine, wall time also counts other processes' turns.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// The bytes of a file, read with stdio (no Foundation in this executable).
func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw ResponseParserBenchmark.Failure(description: "cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[..<count])
    }
    return bytes
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
