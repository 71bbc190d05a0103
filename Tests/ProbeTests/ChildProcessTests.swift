import Glibc
import Probe
import Testing

/// The one child-process runner of secret commands and the command notifier: input, environment, limits, deadline.
@Suite("ChildProcess")
struct ChildProcessTests {
    static func shell(_ script: String, input: [UInt8] = [], environment: [String]? = nil, timeout: Duration = .seconds(10),
                      killGrace: Duration = .zero, outputLimit: Int = 65_536, errorOutputLimit: Int? = nil,
                      overflow: ChildProcess.Request.Overflow = .truncate) -> ChildProcess.Result {
        ChildProcess.run(ChildProcess.Request(path: "/bin/sh", arguments: ["-c", script], environment: environment, input: input,
                                              timeout: timeout, killGrace: killGrace, outputLimit: outputLimit,
                                              errorOutputLimit: errorOutputLimit, overflow: overflow))
    }

    @Test(arguments: [
        ("exit 0", ChildProcess.Result.Termination.exited(0)),
        ("exit 3", .exited(3)),
        ("exit 255", .exited(255)),
        ("kill -USR1 $$", .signaled(SIGUSR1)),
        ("kill -KILL $$", .signaled(SIGKILL)),
    ])
    func reportsHowItEnded(script: String, expected: ChildProcess.Result.Termination) {
        #expect(Self.shell(script).termination == expected)
    }

    @Test func standardOutputAndErrorAreKeptApart() {
        let result = Self.shell("echo out; echo err >&2; printf 'more'")
        #expect(result.termination == .exited(0))
        #expect(result.output == Array("out\nmore".utf8))
        #expect(result.errorOutput == Array("err\n".utf8))
    }

    @Test func inputGoesToStandardInput() {
        let input = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let result = ChildProcess.run(ChildProcess.Request(path: "/bin/cat", input: input, timeout: .seconds(10), outputLimit: 300_000))
        #expect(result.termination == .exited(0))
        #expect(result.output == input)
    }

    @Test func noInputMeansDevNull() {
        let result = Self.shell("if read line; then echo got; else echo eof; fi; test -c /dev/stdin && echo device")
        #expect(result.output == Array("eof\ndevice\n".utf8))
    }

    @Test func anIgnoredInputGetsEPIPENotSIGPIPEAndTheMaskIsPutBack() {
        func pipeBlocked() -> Bool {
            var mask = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &mask)
            return sigismember(&mask, SIGPIPE) == 1
        }
        let before = pipeBlocked()
        let result = Self.shell("exit 0", input: [UInt8](repeating: 0x78, count: 300_000))
        #expect(result.termination == .exited(0))
        #expect(pipeBlocked() == before)
    }

    @Test func environmentIsGivenOrInherited() throws {
        let given = Self.shell("echo \"$MAILPROBE_X|$HOME\"", environment: ["MAILPROBE_X=1 2"])
        #expect(given.output == Array("1 2|\n".utf8))
        let path = try #require(getenv("PATH").map { String(cString: $0) })
        let inherited = Self.shell("printf '%s' \"$PATH\"")
        #expect(inherited.output == Array(path.utf8))
    }

    @Test func outputIsCutAtItsLimitAndTheProgramRunsOn() {
        let result = Self.shell("head -c 100000 /dev/zero; head -c 5000 /dev/zero >&2; echo done >&2",
                                outputLimit: 1000, errorOutputLimit: 100)
        #expect(result.termination == .exited(0))
        #expect(result.output.count == 1000 && result.errorOutput.count == 100)
    }

    @Test func endlessOutputUnderKillEndsAtTheLimit() {
        let started = ContinuousClock.now
        let result = Self.shell("yes", timeout: .seconds(30), outputLimit: 1000, overflow: .kill)
        #expect(result.termination == .outputTooLarge)
        #expect(result.output.count == 1000)
        #expect(started.duration(to: .now) < .seconds(5))
    }

    @Test(arguments: [
        // SIGKILL at the deadline when there is no grace.
        ("sleep 30", Duration.zero, ChildProcess.Result.Termination.timedOut(killed: true)),
        // SIGTERM is enough for a program that does not ignore it.
        ("sleep 30", Duration.seconds(3), .timedOut(killed: false)),
        // SIGKILL once the grace has passed for one that does.
        ("trap '' TERM; while true; do sleep 0.05; done", Duration.milliseconds(200), .timedOut(killed: true)),
        // Output closed, still running: killed all the same.
        ("exec >/dev/null 2>&1; sleep 30", Duration.zero, .timedOut(killed: true)),
    ])
    func theDeadlineEndsIt(script: String, grace: Duration, expected: ChildProcess.Result.Termination) {
        let started = ContinuousClock.now
        let result = Self.shell(script, timeout: .milliseconds(200), killGrace: grace)
        let elapsed = started.duration(to: .now)
        #expect(result.termination == expected)
        #expect(elapsed >= .milliseconds(200) && elapsed < .seconds(2))
    }

    @Test func aGrandchildHoldingThePipesDoesNotHoldTheCaller() {
        let started = ContinuousClock.now
        let result = Self.shell("(sleep 2 &); echo leader done")
        #expect(result.termination == .exited(0))
        #expect(result.output == Array("leader done\n".utf8))
        #expect(started.duration(to: .now) < .milliseconds(1500))
    }

    @Test func aMissingProgramIsASpawnFailure() {
        let result = ChildProcess.run(ChildProcess.Request(path: "/nonexistent/mailprobe-tool", timeout: .seconds(1), outputLimit: 10))
        #expect(result.termination == .spawnFailed(ENOENT))
    }

    @Test(arguments: [
        ("sh", "/nonexistent:/bin", "/bin/sh"),
        ("/bin/sh", nil, "/bin/sh"),
        ("/etc/passwd", nil, nil),
        ("mailprobe-no-such-program", nil, nil),
        ("bin", "/", nil), // a directory is not a program
        ("sh", "", nil),
    ] as [(String, String?, String?)])
    func findsTheExecutable(program: String, searchPath: String?, expected: String?) {
        #expect(ChildProcess.executablePath(for: program, searchPath: searchPath) == expected)
    }

    @Test func dedicatedThreadsRunSideBySide() async {
        let started = ContinuousClock.now
        let results = await withTaskGroup(of: Int.self) { group in
            for index in 0..<4 {
                group.addTask { await DedicatedThread.run { usleep(300_000); return index } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == [0, 1, 2, 3])
        #expect(started.duration(to: .now) < .milliseconds(1000))
    }
}
