// imap-bench: the in-process halves of Benchmarks/run-imap.sh (see ../../../BENCHMARKS.md, IMAP).
//
//     imap-bench parse --corpus FILE [--runs 7]
//     imap-bench fetch --port 10143 --user U --password-env VAR --mailbox M [--host H] [--reps 7] [--expect N]
//     imap-bench large --port 10143 --user U --password-env VAR --mailbox M --mode streamed|buffered [--host H]
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
        usage: imap-bench parse --corpus FILE [--runs N]
               imap-bench fetch --port P --user U --password-env VAR --mailbox M [--host H] [--reps N] [--expect N]
               imap-bench large --port P --user U --password-env VAR --mailbox M --mode streamed|buffered [--host H]

        """)
    exit(64)
}

/// `--name value` pairs after the subcommand.
struct Arguments {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--"), let value = iterator.next() else { usage() }
            values[String(argument.dropFirst(2))] = value
        }
    }

    func int(_ name: String, default value: Int) -> Int {
        guard let text = values[name] else { return value }
        guard let parsed = Int(text), parsed > 0 else { usage() }
        return parsed
    }

    func required(_ name: String) -> String {
        guard let value = values[name] else { usage() }
        return value
    }

    /// The password, from the variable `--password-env` names.
    func password() -> String {
        let variable = required("password-env")
        guard let password = getenv(variable).map({ String(cString: $0) }) else {
            complain("imap-bench: $\(variable) is not set\n")
            exit(64)
        }
        return password
    }
}

let commandLine = CommandLine.arguments
guard commandLine.count >= 2 else { usage() }
let arguments = Arguments(commandLine.dropFirst(2))

switch commandLine[1] {
case "parse":
    do {
        try ResponseParserBenchmark(corpusPath: arguments.required("corpus")).run(times: arguments.int("runs", default: 7))
    } catch {
        complain("imap-bench parse: \(error)\n")
        exit(2)
    }
case "fetch":
    guard let port = UInt16(arguments.required("port")) else { usage() }
    let password = arguments.password()
    let benchmark = HeaderFetchBenchmark(
        host: arguments.values["host"] ?? "127.0.0.1",
        port: port,
        user: arguments.required("user"),
        password: password,
        mailbox: arguments.required("mailbox"),
        expected: arguments.values["expect"].flatMap { Int($0) }
    )
    do {
        try await benchmark.run(times: arguments.int("reps", default: 7))
    } catch {
        complain("imap-bench fetch: \(error)\n")
        exit(2)
    }
case "large":
    guard let port = UInt16(arguments.required("port")) else { usage() }
    let mode = arguments.required("mode")
    guard mode == "streamed" || mode == "buffered" else { usage() }
    let benchmark = LargeFetchBenchmark(
        host: arguments.values["host"] ?? "127.0.0.1", port: port, user: arguments.required("user"),
        password: arguments.password(), mailbox: arguments.required("mailbox"), streamed: mode == "streamed")
    do {
        try await benchmark.run()
    } catch {
        complain("imap-bench large: \(error)\n")
        exit(2)
    }
default:
    usage()
}
