import Foundation
import MonitorCore
import Notify
import Testing

/// The command notifier: the notice on standard input, `MAILPROBE_*` variables, exit status and timeout.
@Suite(.serialized) struct CommandTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("notify-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func script(_ name: String, _ body: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try ("#!/bin/sh\n" + body).write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    func run(_ configuration: CommandConfiguration, notice: AlertNotice = Fixtures.notice(),
             capture: LogCapture = LogCapture()) async throws -> NotificationOutcome {
        let set = NotifierSet(["cmd": .command(configuration)], logger: capture.logger)
        let outcome = try #require(await set.notifier(named: "cmd")?.send(notice))
        await set.shutdown()
        return outcome
    }

    @Test func writesStdinAndEnvironment() async throws {
        let out = directory.appendingPathComponent("out")
        let path = try script("page.sh", """
            cat > "$1.json"
            env | grep '^MAILPROBE_' | sort > "$1.env"
            echo "$SECRET_TOKEN" > /dev/null
            """)
        let capture = LogCapture()
        let outcome = try await run(CommandConfiguration(program: path, arguments: [out.path], environment: ["SECRET_TOKEN": "cmd-secret-8d1f"]),
                                    capture: capture)
        #expect(outcome.delivered && outcome.error == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out.path + ".json"))) as? [String: Any])
        #expect(json["alert_id"] as? Int == 7 && json["event"] as? String == "firing")
        #expect(json["summary"] as? String == Fixtures.notice().summary)
        let env = try String(contentsOf: URL(fileURLWithPath: out.path + ".env"), encoding: .utf8)
        let lines = Set(env.split(separator: "\n").map(String.init))
        #expect(lines.isSuperset(of: [
            "MAILPROBE_EVENT=firing", "MAILPROBE_SEVERITY=critical", "MAILPROBE_PROBE=corp-roundtrip",
            "MAILPROBE_ROUTE=corp->other", "MAILPROBE_LOCATION=office-berlin", "MAILPROBE_SUMMARY=\(Fixtures.notice().summary)",
            "MAILPROBE_RUN_URL=https://mailprobe.example/runs/42", "MAILPROBE_ALERT_ID=7",
        ]))
        Fixtures.expectNoSecrets(Fixtures.texts([outcome], capture), ["cmd-secret-8d1f"])
    }

    @Test func theDaemonsOwnEnvironmentStaysOut() async throws {
        // The daemon's environment holds the secrets the config names ({env: TWILIO_TOKEN}); a hook must not see them.
        setenv("MAILPROBE_TEST_DAEMON_SECRET", "daemon-secret-5k2", 1)
        defer { unsetenv("MAILPROBE_TEST_DAEMON_SECRET") }
        let out = directory.appendingPathComponent("env")
        let path = try script("env.sh", "env > \"$1\"\n")
        let outcome = try await run(CommandConfiguration(program: path, arguments: [out.path]))
        #expect(outcome.delivered)
        let env = try String(contentsOf: out, encoding: .utf8)
        #expect(!env.contains("daemon-secret-5k2"))
        #expect(env.contains("MAILPROBE_EVENT=firing"))
        #expect(env.contains("PATH="))
    }

    @Test func findsTheProgramInPath() async throws {
        let outcome = try await run(CommandConfiguration(program: "true"))
        #expect(outcome.delivered)
        let missing = try await run(CommandConfiguration(program: "mailprobe-no-such-program"))
        #expect(!missing.delivered && !missing.retryable && missing.error?.contains("not found") == true)
    }

    @Test func nonZeroExitIsAFailureWithStderr() async throws {
        let path = try script("fail.sh", "cat > /dev/null\necho 'pager API said no: cmd-secret-8d1f' >&2\nexit 1\n")
        let capture = LogCapture()
        let outcome = try await run(CommandConfiguration(program: path, environment: ["KEY": "cmd-secret-8d1f"]), capture: capture)
        #expect(!outcome.delivered && !outcome.retryable)
        #expect(outcome.error == "command cmd exited with status 1: pager API said no: [redacted]")
        Fixtures.expectNoSecrets(Fixtures.texts([outcome], capture), ["cmd-secret-8d1f"])
    }

    @Test func aProgramThatIgnoresStdinStillRuns() async throws {
        // 300 KB of notice fill the pipe; the program exits without reading, the write gets EPIPE, not SIGPIPE.
        var notice = Fixtures.notice()
        notice.detail = String(repeating: "x", count: 300_000)
        let outcome = try await run(CommandConfiguration(program: try script("quick.sh", "exit 0\n")), notice: notice)
        #expect(outcome.delivered)
    }

    @Test func aHangingCommandIsKilledAtTheTimeout() async throws {
        let start = ContinuousClock.now
        let outcome = try await run(CommandConfiguration(program: try script("hang.sh", "sleep 30\n"), timeout: .milliseconds(500)))
        let elapsed = start.duration(to: .now)
        #expect(!outcome.delivered && outcome.retryable)
        #expect(outcome.error == "command cmd did not finish within 500 ms; sent SIGTERM")
        #expect(elapsed >= .milliseconds(500) && elapsed < .seconds(5))
    }

    @Test func aCommandIgnoringSIGTERMGetsSIGKILL() async throws {
        let path = try script("stubborn.sh", "trap '' TERM\nwhile true; do sleep 0.1; done\n")
        let start = ContinuousClock.now
        let outcome = try await run(CommandConfiguration(program: path, timeout: .milliseconds(300), killGrace: .milliseconds(300)))
        let elapsed = start.duration(to: .now)
        #expect(outcome.error == "command cmd did not finish within 300 ms; sent SIGTERM, then SIGKILL")
        #expect(elapsed >= .milliseconds(600) && elapsed < .seconds(5))
    }
}
