import Foundation
import Testing

/// A config file other users can read is warned of by the commands that load it, by name, mode and fix,
/// on standard error and in `serve`'s log; the command still runs. Owner-only, it is not.
extension ServeCLITests {
    @Test func aConfigOthersCanReadIsWarnedOfAndStillRuns() async throws {
        let (directory, path) = try Self.write { Self.config(directory: $0) }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let warning = "warning: \(path) is readable by other users (mode 0644): chmod o-rwx,g-w it"

        chmod(path, 0o644)
        let open = try await Self.mailprobe(["config", "check", path])
        #expect(open.status == 0 && open.stdout.hasPrefix("\(path): ok\n"), "stderr: \(open.stderr)")
        #expect(open.stderr.contains(warning + "\n"), "stderr: \(open.stderr)")

        chmod(path, 0o600)
        let closed = try await Self.mailprobe(["config", "check", path])
        #expect(closed.status == 0 && !closed.stderr.contains("warning"), "stderr: \(closed.stderr)")
    }

    @Test func serveLogsTheWarningAtStart() async throws {
        let (server, smtp, imap) = try await DaemonProcess.testServer(["--user", "probe@example.test:probe-pw-Lq04"])
        let port = LoopbackHTTP.freePort(), base = "http://127.0.0.1:\(port)"
        let (directory, path) = try Self.write { Self.config(smtp: smtp, imap: imap, port: port, directory: $0, roundTrip: false) }
        defer { server.signal(SIGTERM); try? FileManager.default.removeItem(atPath: directory) }
        chmod(path, 0o644)
        let serve = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", path], environment: Self.environment)
        #expect(await LoopbackHTTP.poll(base + "/healthz") { status, _ in status == 200 } != nil, "stderr: \(serve.stderr.suffix(2000))")
        serve.signal(SIGTERM)
        #expect(await serve.wait(timeout: .seconds(15)) == 0)
        #expect(serve.stderr.contains("\(path) is readable by other users (mode 0644)"), "stderr: \(serve.stderr.suffix(2000))")
    }
}
