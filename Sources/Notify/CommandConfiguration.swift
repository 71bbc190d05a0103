/// A program run once per notice: the notice JSON on standard input, its main fields in `MAILPROBE_*` variables.
public struct CommandConfiguration: Sendable, Hashable {
    /// An absolute path, or a name looked up in `PATH`.
    public var program: String
    public var arguments: [String]
    /// Extra environment variables (the process's own environment is passed on too).
    public var environment: [String: String]
    /// When it passes, the program's process group gets SIGTERM, then SIGKILL after ``killGrace``.
    public var timeout: Duration
    public var killGrace: Duration

    public init(program: String, arguments: [String] = [], environment: [String: String] = [:],
                timeout: Duration = .seconds(30), killGrace: Duration = .seconds(2)) {
        self.program = program
        self.arguments = arguments
        self.environment = environment
        self.timeout = timeout
        self.killGrace = killGrace
    }
}
