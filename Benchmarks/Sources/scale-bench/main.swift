// scale-bench: N concurrent IMAP IDLE sessions (notification latency store -> client hook, RSS per
// session) and N concurrent SMTP senders (messages/s, data_accepted p99), against the test server in
// a separate process (this binary, `serve` mode: MailTestServer with --log-deliveries-style lines).
//
//   scale-bench idle --sessions 10000 --users 1000 --deliveries 1000 [--pace-ms 0] [--tls]
//   scale-bench smtp --sessions 100 --messages 20 [--users 100]
//   scale-bench serve --users M [--tls]          (internal: the server process; stops when stdin closes)
import Foundation
import IMAPClient
import IMAPCore
import MailCore
import MailTestServer
import MailTransport
import SMTPClient
import SMTPCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// MARK: helpers

func raiseFileLimit() -> rlim_t {
    var limit = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    limit.rlim_cur = limit.rlim_max
    setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    return limit.rlim_cur
}

func wallNow() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func rssKB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}

func writeLine(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if n <= 0 { return }
        offset += n
    }
}

func fail(_ text: String) -> Never {
    FileHandle.standardError.write(Data((text + "\n").utf8))
    exit(1)
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[max(0, min(sorted.count - 1, rank))]
}

func user(_ index: Int) -> String { "u\(index + 1)@x.test" }

let mode = CommandLine.arguments.dropFirst().first ?? "idle"
let (options, flags): ([String: String], Set<String>) = {
    var options: [String: String] = [:]
    var flags: Set<String> = []
    var it = CommandLine.arguments.dropFirst(2).makeIterator()
    while let arg = it.next() {
        if arg == "--tls" { flags.insert("tls"); continue }
        guard arg.hasPrefix("--"), let value = it.next() else { fail("bad argument \(arg)") }
        options[String(arg.dropFirst(2))] = value
    }
    return (options, flags)
}()
func intOption(_ name: String, _ fallback: Int) -> Int { options[name].flatMap { Int($0) } ?? fallback }

// MARK: serve (server process)

if mode == "serve" {
    _ = raiseFileLimit()
    let users = (0..<intOption("users", 1000)).map { TestMailUser(address: user($0), password: "pw") }
    var certificate: TestServerCertificate?
    if flags.contains("tls") { certificate = try TestServerCertificate.generate() }
    let server = try await TestMailServer.start(.init(
        smtpPort: 0, imapPort: 0, imapsPort: certificate == nil ? nil : 0, tls: certificate?.configuration, users: users))
    let logger = Task {
        for await delivery in server.deliveryStream() {
            writeLine("{\"user\":\"\(delivery.user)\",\"uid\":\(delivery.uid),\"wall\":\(String(format: "%.6f", delivery.wallTime))}")
        }
    }
    writeLine(server.ports.jsonLine)
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        Thread.detachNewThread { var b: UInt8 = 0; while read(STDIN_FILENO, &b, 1) > 0 {}; c.resume() }
    }
    await server.stop()
    logger.cancel()
    certificate?.remove()
    exit(0)
}

// MARK: the server process, seen from the bench

final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let stdinPipe = Pipe(), stdoutPipe = Pipe()
    var ports: [String: UInt16] = [:]
    /// "user#uid" -> wall-clock store instant
    let deliveries = Mutex<[String: Double]>([:])

    init(users: Int, tls: Bool) throws {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["serve", "--users", "\(users)"] + (tls ? ["--tls"] : [])
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        try process.run()
        let fd = stdoutPipe.fileHandleForReading.fileDescriptor
        guard let first = Self.readLine(fd) else { throw CocoaError(.fileReadUnknown) }
        for key in ["smtp", "imap", "imaps"] {
            if let r = first.range(of: "\"\(key)\":"), let port = UInt16(first[r.upperBound...].prefix(while: \.isNumber)) {
                ports[key] = port
            }
        }
        Thread.detachNewThread { [self] in
            while let line = Self.readLine(fd) {
                guard let u = line.range(of: "\"user\":\""), let uEnd = line[u.upperBound...].firstIndex(of: "\""),
                      let i = line.range(of: "\"uid\":"), let w = line.range(of: "\"wall\":") else { continue }
                let name = String(line[u.upperBound..<uEnd])
                let uid = String(line[i.upperBound...].prefix(while: \.isNumber))
                let wall = Double(line[w.upperBound...].prefix(while: { $0.isNumber || $0 == "." })) ?? .nan
                deliveries.withLock { $0["\(name)#\(uid)"] = wall }
            }
        }
    }

    static func readLine(_ fd: Int32) -> String? {
        var line: [UInt8] = []
        var b: UInt8 = 0
        while true {
            let n = read(fd, &b, 1)
            if n <= 0 { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if b == 10 { return String(decoding: line, as: UTF8.self) }
            line.append(b)
        }
    }

    func stop() {
        try? stdinPipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

let fileLimit = raiseFileLimit()
let tls = flags.contains("tls")
let message = Array("From: bench@x.test\r\nTo: someone@x.test\r\nSubject: scale\r\n\r\nHello.\r\n".utf8)

// MARK: idle

struct Hit { var user: Int32; var uid: UInt32; var wall: Double }

if mode == "idle" {
    let sessions = intOption("sessions", 1000)
    let users = min(intOption("users", min(sessions, 1000)), sessions)
    let deliveryCount = intOption("deliveries", 1000)
    let connectConcurrency = intOption("connect-concurrency", 100)
    let paceMs = intOption("pace-ms", 0)   // pause between deliveries (0: back to back)
    let server = try ServerProcess(users: users, tls: tls)
    defer { server.stop() }
    guard let imapPort = server.ports[tls ? "imaps" : "imap"], let smtpPort = server.ports["smtp"] else { fail("no ports") }
    print("scale-bench idle: \(sessions) sessions over \(users) mailboxes, \(tls ? "implicit TLS" : "plaintext"), RLIMIT_NOFILE \(fileLimit), server pid \(server.process.processIdentifier)")

    let sessionsPerUser = (0..<users).map { u in (0..<sessions).filter { $0 % users == u }.count }
    let expected = (0..<deliveryCount).reduce(0) { $0 + sessionsPerUser[$1 % users] }
    let hits = Mutex<[Hit]>([])
    hits.withLock { $0.reserveCapacity(expected + 1024) }
    var connections: [IMAPConnection] = []
    connections.reserveCapacity(sessions)
    var hooks: [Task<Void, Never>] = []
    hooks.reserveCapacity(sessions)

    try await Task.sleep(for: .milliseconds(200))
    let rssBefore = rssKB()
    let openStart = ContinuousClock.now
    var failures = 0
    var nextIndex = 0
    while nextIndex < sessions {
        let batch = nextIndex..<min(sessions, nextIndex + connectConcurrency)
        nextIndex = batch.upperBound
        let opened = await withTaskGroup(of: (Int, IMAPConnection?).self) { group in
            for index in batch {
                group.addTask {
                    let connection = IMAPConnection(configuration: IMAPClientConfiguration(
                        host: "127.0.0.1", port: imapPort, security: tls ? .implicitTLS : .plain,
                        tls: TLSConfiguration(verifyPeer: false),
                        authentication: MailAuthentication(user: user(index % users), secret: .password("pw")),
                        prefersLogin: true))
                    do {
                        try await connection.connect()
                        _ = try await connection.select("INBOX")
                        try await connection.startIdle()
                        return (index, connection)
                    } catch {
                        if index % 500 == 0 { FileHandle.standardError.write(Data("session \(index): \(error)\n".utf8)) }
                        await connection.close()
                        return (index, nil)
                    }
                }
            }
            var result: [(Int, IMAPConnection?)] = []
            for await item in group { result.append(item) }
            return result
        }
        for (index, connection) in opened {
            guard let connection else { failures += 1; continue }
            connections.append(connection)
            let u = Int32(index % users)
            hooks.append(Task {
                for await event in connection.notifications {
                    if case .exists(let n) = event.notification, n > 0 {
                        let wall = wallNow()
                        hits.withLock { $0.append(Hit(user: u, uid: n, wall: wall)) }
                    }
                }
            })
        }
    }
    let openElapsed = openStart.duration(to: .now)
    try await Task.sleep(for: .seconds(1))
    let rssAfter = rssKB()
    let perSession = Double(rssAfter - rssBefore) / Double(max(1, connections.count))
    print("opened \(connections.count) sessions (\(failures) failed) in \(openElapsed); VmRSS \(rssBefore) KB -> \(rssAfter) KB = \(String(format: "%.1f", perSession)) KB per session")

    // Deliveries: one SMTP connection, sequential, to mailbox i % users.
    let smtp = SMTPConnection(configuration: SMTPClientConfiguration(host: "127.0.0.1", port: smtpPort, security: .plain))
    try await smtp.connect()
    let sendStart = ContinuousClock.now
    for i in 0..<deliveryCount {
        _ = try await smtp.send(message, envelope: SMTPEnvelope(sender: "bench@x.test", recipients: [user(i % users)]))
        if paceMs > 0 { try await Task.sleep(for: .milliseconds(paceMs)) }
    }
    try? await smtp.quit()
    smtp.close()
    let sendElapsed = sendStart.duration(to: .now)
    let waitDeadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < waitDeadline {
        if hits.withLock({ $0.count }) >= expected && server.deliveries.withLock({ $0.count }) >= deliveryCount { break }
        try await Task.sleep(for: .milliseconds(50))
    }
    let allHits = hits.withLock { $0 }
    let stored = server.deliveries.withLock { $0 }
    var latencies: [Double] = []
    latencies.reserveCapacity(allHits.count)
    var unmatched = 0
    for hit in allHits {
        if let at = stored["\(user(Int(hit.user)))#\(hit.uid)"] { latencies.append((hit.wall - at) * 1000) } else { unmatched += 1 }
    }
    latencies.sort()
    print("\(deliveryCount) deliveries (pause \(paceMs) ms) sent in \(sendElapsed); \(stored.count) stored; notifications \(allHits.count) of \(expected) expected (\(unmatched) unmatched)")
    print(String(format: "notification latency store -> client hook: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, min %.3f ms",
                 percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99), latencies.last ?? .nan, latencies.first ?? .nan))
    for hook in hooks { hook.cancel() }
    for connection in connections { await connection.close() }
    print(String(format: "RESULT idle sessions=%d tls=%@ kb_per_session=%.1f p50_ms=%.3f p99_ms=%.3f", connections.count,
                 tls ? "yes" : "no", perSession, percentile(latencies, 50), percentile(latencies, 99)))
}

// MARK: smtp

if mode == "smtp" {
    let sessions = intOption("sessions", 100)
    let messages = intOption("messages", 20)
    let users = intOption("users", 100)
    let server = try ServerProcess(users: users, tls: false)
    defer { server.stop() }
    guard let smtpPort = server.ports["smtp"] else { fail("no ports") }
    let start = ContinuousClock.now
    let results = await withTaskGroup(of: ([Double], Int).self) { group in
        for index in 0..<sessions {
            group.addTask {
                let smtp = SMTPConnection(configuration: SMTPClientConfiguration(host: "127.0.0.1", port: smtpPort, security: .plain))
                var accepted: [Double] = []
                var failed = 0
                do {
                    try await smtp.connect()
                    for m in 0..<messages {
                        let result = try await smtp.send(message, envelope: SMTPEnvelope(
                            sender: "bench@x.test", recipients: [user((index * messages + m) % users)]))
                        if let t = result.timings.first(where: { $0.phase == .dataAccepted }) { accepted.append(t.milliseconds) }
                    }
                    try? await smtp.quit()
                } catch {
                    failed = messages - accepted.count
                    FileHandle.standardError.write(Data("smtp session \(index): \(error)\n".utf8))
                }
                smtp.close()
                return (accepted, failed)
            }
        }
        var all: [Double] = []
        var failed = 0
        for await (accepted, f) in group { all += accepted; failed += f }
        return (all, failed)
    }
    let elapsed = start.duration(to: .now)
    let sorted = results.0.sorted()
    let seconds = elapsed.milliseconds / 1000
    print("scale-bench smtp: \(sessions) concurrent sessions x \(messages) messages, pipelining on, plaintext; \(sorted.count) accepted, \(results.1) failed in \(elapsed)")
    print(String(format: "RESULT smtp sessions=%d messages_per_s=%.0f data_accepted p50_ms=%.3f p99_ms=%.3f max_ms=%.3f", sessions,
                 Double(sorted.count) / seconds, percentile(sorted, 50), percentile(sorted, 99), sorted.last ?? .nan))
}
