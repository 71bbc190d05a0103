// Arrival-detection latency: the instant a detector first sees a message vs the instant it entered the store.
//
//     arrival-bench test    [--runs 20]                      in-process test server; ground truth = server.deliveries
//     arrival-bench dovecot [--runs 20]                      Postfix :10025 → Dovecot (carol); ground truth = inotify on Maildir/new
//
// Detectors, all watching the same delivery in the same run:
//   mailprobe  IDLE on one session + NOOP every 3 ms on a second (RoundTripProbe's approach), first EXISTS of either
//   idle       the IDLE session's EXISTS alone
//   poll-5s    a third session sending NOOP every 5 s, at a random phase relative to the send
// The library exposes no absolute accepted instant, so the measurement is reimplemented here with IMAPConnection.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import IMAPClient
import IMAPCore
import MailCore
import MailTestServer
import MailTransport
import SMTPClient
import SMTPCore

func option(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    if let index = args.firstIndex(of: "--\(name)"), index + 1 < args.count, let value = Int(args[index + 1]) { return value }
    return fallback
}

func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func with<R>(_ body: (inout Value) -> R) -> R { lock.lock(); defer { lock.unlock() }; return body(&value) }
}

/// EXISTS instants of one session.
final class ExistsLog: Sendable {
    let instants = Locked<[ContinuousClock.Instant]>([])
    func first(since: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        instants.with { $0.filter { $0 >= since }.min() }
    }
    func listen(_ imap: IMAPConnection) -> Task<Void, Never> {
        Task {
            for await event in imap.notifications {
                if case .exists = event.notification { instants.with { $0.append(event.instant) } }
            }
        }
    }
}

/// inotify on a Maildir's `new`: instants of files appearing, stamped on a dedicated thread.
final class MaildirWatch: Sendable {
    let instants = Locked<[ContinuousClock.Instant]>([])
    let stop = Locked(false)
    init(directory: String) throws {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw Failure("inotify_init1 failed") }
        guard inotify_add_watch(fd, directory, UInt32(IN_MOVED_TO | IN_CREATE)) >= 0 else {
            throw Failure("inotify_add_watch \(directory) failed")
        }
        let thread = Thread { [instants, stop] in
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while !stop.with({ $0 }) {
                guard poll(&pfd, 1, 100) > 0 else { continue }
                let count = read(fd, &buffer, buffer.count)
                let now = ContinuousClock.now
                guard count > 0 else { continue }
                var offset = 0
                while offset + 16 <= count {
                    let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
                    let length = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) }
                    if mask & UInt32(IN_MOVED_TO | IN_CREATE) != 0 { instants.with { $0.append(now) } }
                    offset += 16 + Int(length)
                }
            }
            close(fd)
        }
        thread.start()
    }
    func first(since: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        instants.with { $0.filter { $0 >= since }.min() }
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct Target {
    var name: String
    var smtp: SMTPClientConfiguration
    var imap: IMAPClientConfiguration
    var sender: String
    var recipient: String
    /// The instant the message with this run's send-start entered the store.
    var stored: @Sendable (ContinuousClock.Instant) -> ContinuousClock.Instant?
}

func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
    return sorted[max(0, min(sorted.count - 1, rank))]
}

func run(_ target: Target, runs: Int) async throws {
    let watcher = IMAPConnection(configuration: target.imap)   // IDLE
    let poller = IMAPConnection(configuration: target.imap)    // NOOP every 3 ms
    let slow = IMAPConnection(configuration: target.imap)      // NOOP every 5 s
    for session in [watcher, poller, slow] {
        try await session.connect()
        _ = try await session.select("INBOX")
    }
    try await watcher.startIdle()
    let watcherLog = ExistsLog(), pollerLog = ExistsLog(), slowLog = ExistsLog()
    let listeners = [watcherLog.listen(watcher), pollerLog.listen(poller), slowLog.listen(slow)]
    defer { listeners.forEach { $0.cancel() } }
    let idleMode = await watcher.idleMode
    say("\(target.name): watcher idle mode \(idleMode.map { $0.rawValue } ?? "nil")")

    var lags: [String: [Double]] = ["mailprobe": [], "idle": [], "poll-5s": []]
    var seenBy = ["watcher": 0, "poller": 0]
    var deliveryMS: [Double] = []
    for index in 0..<runs {
        let token = "arrival-\(UUID().uuidString)"
        let message = Array("""
            From: <\(target.sender)>\r
            To: <\(target.recipient)>\r
            Subject: arrival bench \(token)\r
            Message-ID: <\(token)@mailprobe.bench>\r
            X-Arrival-Bench: \(token)\r
            \r
            arrival bench \(index)\r

            """.utf8)
        // The 5 s poller runs at a random phase relative to the send, as a classic check would.
        let phase = Duration.milliseconds(Int.random(in: 0..<5000))
        let sendAt = ContinuousClock.now + .milliseconds(50)
        let slowTask = Task {
            var next = sendAt - phase
            for _ in 0..<4 {  // bounded: ≤ 20 s
                try? await Task.sleep(until: next, clock: .continuous)
                if Task.isCancelled { return }
                try? await slow.noop()
                next += .seconds(5)
            }
        }
        try? await Task.sleep(until: sendAt, clock: .continuous)
        let since = ContinuousClock.now
        let noops = Locked<[(start: ContinuousClock.Instant, end: ContinuousClock.Instant)]>([])
        let fastTask = Task {
            let until = since + .seconds(10)  // RoundTripProbe's fast-poll window; bounded
            while !Task.isCancelled && ContinuousClock.now < until {
                let start = ContinuousClock.now
                try? await poller.noop()
                let end = ContinuousClock.now
                noops.with { $0.append((start, end)) }
                try? await Task.sleep(for: .milliseconds(3))
            }
        }
        let smtp = SMTPConnection(configuration: target.smtp)
        try await smtp.connect()
        let sent = try await smtp.send(message, envelope: SMTPEnvelope(sender: target.sender, recipients: [target.recipient]))
        let accepted = sent.timings.last?.ended ?? .now
        try? await smtp.quit()

        // Wait (bounded) until the store, the fast path, IDLE and the slow poller have all seen it.
        let deadline = ContinuousClock.now + .seconds(12)
        var stored: ContinuousClock.Instant?, fast: ContinuousClock.Instant?, idle: ContinuousClock.Instant?, slowSeen: ContinuousClock.Instant?
        while ContinuousClock.now < deadline {
            stored = stored ?? target.stored(since)
            let p = pollerLog.first(since: since)
            idle = idle ?? watcherLog.first(since: since)
            fast = [p, idle].compactMap { $0 }.min()
            slowSeen = slowSeen ?? slowLog.first(since: since)
            if stored != nil, fast != nil, idle != nil, slowSeen != nil { break }
            if fast != nil, idle == nil, ContinuousClock.now > fast! + .seconds(3) { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
        fastTask.cancel(); slowTask.cancel()
        _ = await fastTask.value; _ = await slowTask.value
        guard let stored else { throw Failure("\(target.name) run \(index): no store instant") }
        if let fast {
            lags["mailprobe"]!.append(ms(stored.duration(to: fast)))
            seenBy[fast == idle ? "watcher" : "poller", default: 0] += 1
        }
        if let idle { lags["idle"]!.append(ms(stored.duration(to: idle))) }
        if let slowSeen { lags["poll-5s"]!.append(ms(stored.duration(to: slowSeen))) }
        deliveryMS.append(ms(accepted.duration(to: stored)))
        func text(_ i: ContinuousClock.Instant?) -> String { i.map { String(format: "%.2f", ms(stored.duration(to: $0))) } ?? "-" }
        // Diagnosis of the fast path: the NOOP that returned the EXISTS (start and duration, relative to the store).
        let detecting = noops.with { list in list.first { fast != nil && $0.end >= fast! } }
        let noopNote = detecting.map { String(format: "; detecting NOOP started %+.2f ms, took %.2f ms", ms(stored.duration(to: $0.start)),
                                                 ms($0.start.duration(to: $0.end))) } ?? ""
        say("\(target.name) run \(index + 1)/\(runs): accepted→stored \(String(format: "%.2f", ms(accepted.duration(to: stored)))) ms; lag mailprobe \(text(fast)) idle \(text(idle)) poll-5s \(text(slowSeen)) ms\(noopNote)")

        // Clean up: UID STORE \Deleted + EXPUNGE of this run's message.
        let uids = try await poller.uidSearch(.header("X-Arrival-Bench", token))
        if !uids.isEmpty {
            let set = IMAPSequenceSet(uids)
            try await poller.uidStore(set, .add([.deleted], silent: true))
            try await poller.expunge(uids: set)
        }
        try? await Task.sleep(for: .milliseconds(100))
    }
    try? await watcher.stopIdle()
    for session in [watcher, poller, slow] { try? await session.logout() }

    print("\(target.name): runs \(runs), accepted→stored p50 \(String(format: "%.2f", percentile(deliveryMS.sorted(), 0.5))) ms; mailprobe first seen by watcher \(seenBy["watcher"]!), poller \(seenBy["poller"]!)")
    print("| server | detector | n | p50 ms | p99 ms | max ms |")
    for name in ["mailprobe", "idle", "poll-5s"] {
        let sorted = lags[name]!.sorted()
        print(String(format: "| %@ | %@ | %d | %.2f | %.2f | %.2f |", target.name, name, sorted.count,
                     percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.last ?? .nan))
    }
}

let mode = CommandLine.arguments.dropFirst().first ?? "test"
let runs = option("runs", 20)
switch mode {
case "test":
    let server = try await TestMailServer.start(.init(users: TestMailUser.defaults))
    let target = Target(
        name: "test-server",
        smtp: SMTPClientConfiguration(host: "127.0.0.1", port: server.ports.smtp!, security: .plain),
        imap: IMAPClientConfiguration(host: "127.0.0.1", port: server.ports.imap!, security: .plain,
                                      authentication: MailAuthentication(user: "bob@example.test", secret: .password("bob-secret")),
                                      prefersLogin: true),
        sender: "alice@example.test", recipient: "bob@example.test",
        stored: { since in server.deliveries.filter { $0.instant >= since }.map(\.instant).min() })
    try await run(target, runs: runs)
    await server.stop()
case "dovecot":
    let env = ProcessInfo.processInfo.environment
    let state = env["MAILPROBE_TEST_STATE"] ?? "/tmp/mailprobe-servers"
    let maildir = env["MAILPROBE_TEST_CAROL_MAILDIR"] ?? "\(state)/mail/example.test/carol/Maildir"
    let watch = try MaildirWatch(directory: "\(maildir)/new")
    let target = Target(
        name: "dovecot",
        smtp: SMTPClientConfiguration(host: "127.0.0.1", port: UInt16(env["MAILPROBE_TEST_SMTP_PORT"] ?? "10025")!, security: .plain),
        imap: IMAPClientConfiguration(host: "localhost", port: UInt16(env["MAILPROBE_TEST_IMAPS_PORT"] ?? "10993")!,
                                      security: .implicitTLS,
                                      tls: TLSConfiguration(caFile: env["MAILPROBE_TEST_CA_FILE"] ?? "\(state)/tls/ca.pem"),
                                      authentication: MailAuthentication(user: env["MAILPROBE_TEST_CAROL_USER"] ?? "carol@example.test",
                                                                         secret: .password(env["MAILPROBE_TEST_CAROL_PASSWORD"] ?? "carol-secret")),
                                      prefersLogin: true),
        sender: "alice@example.test", recipient: env["MAILPROBE_TEST_CAROL_USER"] ?? "carol@example.test",
        stored: { since in watch.first(since: since) })
    try await run(target, runs: runs)
    watch.stop.with { $0 = true }
default:
    say("usage: arrival-bench test|dovecot [--runs N]")
    exit(2)
}
