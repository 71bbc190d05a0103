// smtp-bench: the in-process halves of Benchmarks/run-smtp.sh (see ../../../BENCHMARKS.md).
//
//     smtp-bench throughput --port 10099 [--messages 2000] [--size 500] [--per-message] [--no-pipelining | --batch-prototype]
//
// throughput uses SMTPConnection.send(batch:) unless --per-message (one send(_:envelope:) per message).
//     smtp-bench parse [--megabytes 50] [--runs 7]
//
// Each prints one `key=value` line per measurement for the driver to collect.

#if canImport(Glibc)
import Glibc
#endif

/// Writes `text` to standard error.
func complain(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

func usage() -> Never {
    complain("""
        usage: smtp-bench throughput --port P [--host H] [--messages N] [--size BYTES] [--per-message] [--no-pipelining | --batch-prototype]
               smtp-bench parse [--megabytes MB] [--runs N]

        """)
    exit(64)
}

/// `--name value` pairs and bare `--flag`s after the subcommand.
struct Arguments {
    static let knownFlags: Set<String> = ["no-pipelining", "batch-prototype", "per-message"]

    var values: [String: String] = [:]
    var flags: Set<String> = []

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else { usage() }
            let name = String(argument.dropFirst(2))
            if Self.knownFlags.contains(name) {
                flags.insert(name)
            } else if let value = iterator.next() {
                values[name] = value
            } else {
                usage()
            }
        }
    }

    func int(_ name: String, default value: Int) -> Int {
        guard let text = values[name] else { return value }
        guard let parsed = Int(text), parsed > 0 else { usage() }
        return parsed
    }
}

let commandLine = CommandLine.arguments
guard commandLine.count >= 2 else { usage() }
let arguments = Arguments(commandLine.dropFirst(2))

switch commandLine[1] {
case "throughput":
    guard let port = UInt16(arguments.values["port"] ?? "") else { usage() }
    let host = arguments.values["host"] ?? "127.0.0.1"
    let messages = arguments.int("messages", default: 2_000)
    let size = arguments.int("size", default: 500)
    if arguments.flags.contains("batch-prototype") {
        // The one-round-trip-per-message prototype (PipelinedBatchPrototype), not SMTPConnection.
        do {
            let result = try await PipelinedBatchPrototype(host: host, port: port, messages: messages, messageSize: size).run()
            print("messages=\(result.messages) seconds=\(result.seconds) msgs_per_s=\(result.messagesPerSecond)")
            exit(0)
        } catch {
            complain("smtp-bench throughput --batch-prototype: \(error)\n")
            exit(2)
        }
    }
    let benchmark = ThroughputBenchmark(
        host: host,
        port: port,
        messages: messages,
        messageSize: size,
        usesPipelining: !arguments.flags.contains("no-pipelining"),
        usesBatch: !arguments.flags.contains("per-message"))
    do {
        let result = try await benchmark.run()
        print("messages=\(result.messages) seconds=\(result.seconds) msgs_per_s=\(result.messagesPerSecond)")
    } catch {
        complain("smtp-bench throughput: \(error)\n")
        exit(2)
    }
case "parse":
    let benchmark = ReplyParserBenchmark(megabytes: arguments.int("megabytes", default: 50))
    do {
        try benchmark.run(times: arguments.int("runs", default: 7))
    } catch {
        complain("smtp-bench parse: \(error)\n")
        exit(2)
    }
default:
    usage()
}
