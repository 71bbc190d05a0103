import Foundation
import Testing

/// `mailprobe serve`'s HTTP listener against hostile clients, as a process: a client dripping its request
/// is cut off at `serve.http.request_timeout` while others are served; connections beyond the per-client
/// and the overall limit are closed as they open, without locking other clients out; an oversized head,
/// an oversized body and paths that climb out of `/assets` are refused. No secret of the file answers.
@Suite(.serialized) struct ServeListenerTests {
    static let limits = "  http: {max_connections: 6, max_connections_per_client: 4, request_timeout: 2s}\n"

    static func startServe() async throws -> (serve: DaemonProcess, server: DaemonProcess, directory: String, port: Int) {
        let (server, smtp, imap) = try await DaemonProcess.testServer(["--user", "probe@example.test:probe-pw-Lq04"])
        let port = LoopbackHTTP.freePort()
        let (directory, path) = try ServeCLITests.write { directory in
            ServeCLITests.config(smtp: smtp, imap: imap, port: port, directory: directory, token: false, roundTrip: false)
                .replacingOccurrences(of: "  grace: 5s\n", with: "  grace: 5s\n" + limits)
        }
        let serve = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", path], environment: ServeCLITests.environment)
        let healthz = await LoopbackHTTP.poll("http://127.0.0.1:\(port)/healthz") { status, _ in status == 200 }
        try #require(healthz != nil, "serve did not answer; stderr: \(serve.stderr.suffix(2000))")
        return (serve, server, directory, port)
    }

    /// A whole GET of `path` on a new connection from `source`: the status line, or nil when closed unanswered.
    static func get(_ path: String, port: Int, source: String = "127.0.0.1") -> String? {
        guard let socket = RawSocket(port: port, source: source),
              socket.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n") else { return nil }
        let answer = socket.readToEnd(timeout: .seconds(10)).bytes
        return answer.isEmpty ? nil : answer
    }

    @Test func slowAndGreedyClientsAreCutOffWhileOthersAreServed() async throws {
        let (serve, server, directory, port) = try await Self.startServe()
        defer { server.signal(SIGTERM); try? FileManager.default.removeItem(atPath: directory) }

        // A request head that never ends: closed at the request timeout, not before.
        let opened = ContinuousClock.now
        let dripping = try #require(RawSocket(port: port))
        dripping.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        #expect(Self.get("/healthz", port: port)?.hasPrefix("HTTP/1.1 200") == true, "another client is served meanwhile")
        let cut = dripping.readToEnd(timeout: .seconds(10))
        let held = ContinuousClock.now - opened
        #expect(cut.closed && cut.bytes.isEmpty, "closed without an answer: \(cut)")
        #expect(held >= .seconds(2) && held < .seconds(8), "held \(held)")

        // An idle keep-alive connection after its answer is closed the same way.
        let keepAlive = try #require(RawSocket(port: port))
        keepAlive.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let idle = keepAlive.readToEnd(timeout: .seconds(10))
        #expect(idle.closed && idle.bytes.hasPrefix("HTTP/1.1 200"), "\(idle)")

        // Four held connections from one address: its fifth is closed unanswered; another address is served.
        var holding = (0..<4).compactMap { _ in RawSocket(port: port) }
        #expect(holding.count == 4)
        try await Task.sleep(for: .milliseconds(300))
        #expect(Self.get("/healthz", port: port) == nil, "a fifth connection from 127.0.0.1 is refused")
        #expect(Self.get("/healthz", port: port, source: "127.0.0.2")?.hasPrefix("HTTP/1.1 200") == true)
        // Six in all: a seventh, from a third address, is closed too.
        let others = (0..<2).compactMap { _ in RawSocket(port: port, source: "127.0.0.2") }
        try await Task.sleep(for: .milliseconds(300))
        #expect(Self.get("/healthz", port: port, source: "127.0.0.3") == nil, "the listener is full")
        holding.removeAll()
        _ = others
        try await Task.sleep(for: .milliseconds(300))
        #expect(Self.get("/healthz", port: port)?.hasPrefix("HTTP/1.1 200") == true, "places come back as connections end")

        serve.signal(SIGTERM)
        #expect(await serve.wait(timeout: .seconds(15)) == 0, "stderr: \(serve.stderr.suffix(2000))")
        #expect(serve.stderr.contains("max_connections_per_client"), "the refusal is logged: \(serve.stderr.suffix(2000))")
        #expect(SecretScan.leaks(of: ServeCLITests.secrets, in: ["stderr": serve.stderr]).isEmpty)
    }

    @Test func oversizedRequestsAndClimbingPathsAreRefused() async throws {
        let (serve, server, directory, port) = try await Self.startServe()
        defer { server.signal(SIGTERM); try? FileManager.default.removeItem(atPath: directory) }

        // Each from its own address, so that the per-client limit of this file's listener is not what answers.
        let head = try #require(RawSocket(port: port, source: "127.0.0.4"))
        head.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: \(String(repeating: "a", count: 40 * 1024))\r\n\r\n")
        let refusedHead = head.readToEnd(timeout: .seconds(10))
        #expect(refusedHead.closed && !refusedHead.bytes.hasPrefix("HTTP/1.1 200"), "a 40 KiB head: \(refusedHead.bytes.prefix(200))")

        let body = String(repeating: "x", count: 200 * 1024)
        let post = try #require(RawSocket(port: port, source: "127.0.0.5"))
        post.send("POST /api/silences HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        let refusedBody = post.readToEnd(timeout: .seconds(10)).bytes
        #expect(refusedBody.hasPrefix("HTTP/1.1 413"), "a 200 KiB body: \(refusedBody.prefix(300))")

        let climbing = ["/assets/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2f..%2fetc%2fpasswd",
                        "/assets/dashboard.css/../../../etc/passwd", "//etc/passwd", "/assets/%00../etc/passwd", "/assets/....//....//etc/passwd"]
        for path in climbing {
            let answer = Self.get(path, port: port, source: "127.0.0.6") ?? ""
            #expect(answer.hasPrefix("HTTP/1.1 404") || answer.hasPrefix("HTTP/1.1 400"), "\(path): \(answer.prefix(200))")
            #expect(!answer.contains("root:"), "\(path) served a file")
        }
        #expect(Self.get("/assets/dashboard.css", port: port)?.hasPrefix("HTTP/1.1 200") == true, "the real asset is served")
        #expect(Self.get("/healthz", port: port)?.hasPrefix("HTTP/1.1 200") == true, "the listener lives on")

        serve.signal(SIGTERM)
        #expect(await serve.wait(timeout: .seconds(15)) == 0, "stderr: \(serve.stderr.suffix(2000))")
    }
}
