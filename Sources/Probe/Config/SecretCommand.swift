import Glibc

/// Runs a secret command (`/bin/sh -c COMMAND`) with a deadline and returns its standard output.
///
/// A ``ChildProcess`` with standard input `/dev/null`, in its own process group, which
/// is killed as a whole when the deadline passes or it prints too much. Standard output is
/// returned and never shown; only the first line of standard error goes into errors.
enum SecretCommand {
    enum Failure: Error, CustomStringConvertible {
        case spawnFailed(Int32)
        case timedOut(Duration)
        case outputTooLarge(Int)
        case exited(status: Int32, stderr: String)
        case killed(signal: Int32, stderr: String)

        var description: String {
            switch self {
            case .spawnFailed(let code): "cannot run the command: \(String(cString: strerror(code)))"
            case .timedOut(let limit): "the command did not finish within \(ConfigDuration.format(limit)); it was killed"
            case .outputTooLarge(let limit): "the command printed more than \(limit) bytes"
            case .exited(let status, let stderr): "the command exited with status \(status)" + (stderr.isEmpty ? "" : ": \(stderr)")
            case .killed(let signal, let stderr): "the command was killed by signal \(signal)" + (stderr.isEmpty ? "" : ": \(stderr)")
            }
        }
    }

    static func run(_ command: String, timeout: Duration, maximumOutput: Int) -> Result<[UInt8], Failure> {
        let request = ChildProcess.Request(path: "/bin/sh", arguments: ["-c", command], timeout: timeout,
                                           outputLimit: maximumOutput, errorOutputLimit: 4096, overflow: .kill)
        var result = ChildProcess.run(request)
        let stderrLine = firstLine(result.errorOutput)
        let failure: Failure? = switch result.termination {
        case .exited(0): nil
        case .exited(let status): .exited(status: status, stderr: stderrLine)
        case .signaled(let signal): .killed(signal: signal, stderr: stderrLine)
        case .timedOut: .timedOut(timeout)
        case .outputTooLarge: .outputTooLarge(maximumOutput)
        case .spawnFailed(let code): .spawnFailed(code)
        }
        guard let failure else { return .success(result.output) }
        // Scrub the copy we no longer need.
        for index in result.output.indices { result.output[index] = 0 }
        return .failure(failure)
    }

    /// Standard error's first non-empty line, at most 200 characters.
    static func firstLine(_ bytes: [UInt8]) -> String {
        let line = bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).first ?? []
        let text = String(decoding: line, as: UTF8.self).filter { !$0.isASCII || $0.asciiValue! >= 0x20 }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
