import Glibc

/// Runs a program in a process group of its own, with bytes on its standard input, a deadline and bounded output.
///
///     let request = ChildProcess.Request(path: "/bin/sh", arguments: ["-c", "pass show mail"],
///                                        timeout: .seconds(10), outputLimit: 65_536, overflow: .kill)
///     let result = await DedicatedThread.run { ChildProcess.run(request) }
///
/// At the deadline the group gets SIGTERM, and SIGKILL once ``Request/killGrace`` has passed too (at once when
/// it is zero). The child starts with default signal handling and an empty signal mask, whatever this process
/// ignores or blocks. ``run(_:)`` blocks until the child is reaped: call it on a ``DedicatedThread``.
/// The secret commands of a config file and the command notifier both run through it.
public enum ChildProcess {
    /// What to run and within which limits.
    public struct Request: Sendable, Hashable {
        /// What happens when standard output passes ``outputLimit``.
        public enum Overflow: Sendable, Hashable {
            /// The rest is read and dropped; the program runs on.
            case truncate
            /// The process group gets SIGKILL and the result is ``Result/Termination/outputTooLarge``.
            case kill
        }

        /// The program's path (see ``ChildProcess/executablePath(for:searchPath:)``); also its `argv[0]`.
        public var path: String
        public var arguments: [String]
        /// `NAME=value` entries; nil passes this process's environment on.
        public var environment: [String]?
        /// Written to standard input, which is then closed; empty means standard input is `/dev/null`.
        public var input: [UInt8]
        public var timeout: Duration
        /// How long after SIGTERM at the deadline SIGKILL follows; zero sends SIGKILL at the deadline.
        public var killGrace: Duration
        /// The most of standard output kept.
        public var outputLimit: Int
        /// The most of standard error kept; the rest is read and dropped.
        public var errorOutputLimit: Int
        public var overflow: Overflow

        public init(path: String, arguments: [String] = [], environment: [String]? = nil, input: [UInt8] = [],
                    timeout: Duration, killGrace: Duration = .zero, outputLimit: Int, errorOutputLimit: Int? = nil,
                    overflow: Overflow = .truncate) {
            self.path = path
            self.arguments = arguments
            self.environment = environment
            self.input = input
            self.timeout = timeout
            self.killGrace = killGrace
            self.outputLimit = max(0, outputLimit)
            self.errorOutputLimit = max(0, errorOutputLimit ?? outputLimit)
            self.overflow = overflow
        }
    }

    /// How the program ended and what it printed (each stream cut at its limit).
    public struct Result: Sendable, Hashable {
        public enum Termination: Sendable, Hashable {
            /// It exited with this status.
            case exited(Int32)
            /// A signal it did not get from the runner ended it.
            case signaled(Int32)
            /// The deadline passed; it got SIGTERM, and SIGKILL (`killed`) when it did not stop within the grace.
            case timedOut(killed: Bool)
            /// Standard output passed the limit under ``Request/Overflow/kill``; it got SIGKILL.
            case outputTooLarge
            /// It could not be started (or its pipes not watched): the `errno` value.
            case spawnFailed(Int32)
        }

        public var termination: Termination
        public var output: [UInt8]
        public var errorOutput: [UInt8]

        public init(termination: Termination, output: [UInt8] = [], errorOutput: [UInt8] = []) {
            self.termination = termination
            self.output = output
            self.errorOutput = errorOutput
        }
    }

    /// The program's path: as given when it holds a `/`, else the first executable regular file in `searchPath`
    /// (a `PATH` value; nil means `/usr/local/bin:/usr/bin:/bin`); nil when there is none.
    public static func executablePath(for program: String, searchPath: String?) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        let directories = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for directory in directories where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            var info = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { return candidate }
        }
        return nil
    }
}
