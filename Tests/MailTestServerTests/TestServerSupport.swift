import Foundation
import IMAPClient
import IMAPCore
import MailCore
import MailTestServer
import MailTransport
import SMTPClient
import SMTPCore

/// Shared set-up for tests against ``TestMailServer``.
enum Support {
    static let alice = "alice@example.test"
    static let bob = "bob@example.test"

    /// One throw-away certificate for the whole test run (its own CA file).
    static let certificate: TestServerCertificate = {
        do { return try TestServerCertificate.generate() } catch { fatalError("\(error)") }
    }()

    /// Starts a server on free loopback ports with TLS and the default users.
    static func start(faults: FaultPlan = .none, deliveryDelay: Duration = .zero, implicitTLS: Bool = false,
                      tls: Bool = true) async throws -> TestMailServer {
        try await TestMailServer.start(TestMailServer.Configuration(
            smtpsPort: implicitTLS ? 0 : nil, imapsPort: implicitTLS ? 0 : nil,
            tls: tls ? certificate.configuration : nil, deliveryDelay: deliveryDelay, faults: faults, seed: 7))
    }

    /// A plan with one fault at one phase.
    static func plan(_ action: FaultAction, at phase: FaultPhase, every: Int = 1) -> FaultPlan {
        var plan = FaultPlan(every: every)
        plan.add(action, at: phase)
        return plan
    }

    static var clientTLS: TLSConfiguration { TLSConfiguration(caFile: certificate.certificateFile) }

    static func smtp(_ server: TestMailServer, security: SMTPClientConfiguration.Security = .startTLS,
                     user: String = alice, password: String = "alice-secret", trace: Bool = false,
                     timeout: Duration = .seconds(10), pipelining: Bool = true) -> SMTPConnection {
        let port = security == .implicitTLS ? server.ports.smtps! : server.ports.smtp!
        return SMTPConnection(configuration: SMTPClientConfiguration(
            host: "127.0.0.1", port: port, security: security, tls: clientTLS,
            authentication: SMTPAuthentication(user: user, secret: .password(password)),
            usesPipelining: pipelining, timeouts: .uniform(timeout), recordsTrace: trace))
    }

    static func imap(_ server: TestMailServer, security: IMAPClientConfiguration.Security = .startTLS,
                     user: String = bob, password: String = "bob-secret", trace: Bool = false,
                     timeout: Duration = .seconds(10), login: Bool = true) -> IMAPConnection {
        let port = security == .implicitTLS ? server.ports.imaps! : server.ports.imap!
        return IMAPConnection(configuration: IMAPClientConfiguration(
            host: "127.0.0.1", port: port, security: security, tls: clientTLS,
            authentication: login ? MailAuthentication(user: user, secret: .password(password)) : nil,
            timeouts: .uniform(timeout), pollInterval: .milliseconds(50), recordsTrace: trace))
    }

    static func message(subject: String, to: String = bob) -> [UInt8] {
        Array("From: \(alice)\r\nTo: \(to)\r\nSubject: \(subject)\r\nMessage-ID: <\(subject)@example.test>\r\n\r\nHello.\r\n.leading dot\r\n".utf8)
    }

    static func envelope(to: String = bob) -> SMTPEnvelope {
        SMTPEnvelope(sender: alice, recipients: [to])
    }

    /// Sends one message with AUTH over STARTTLS and quits.
    @discardableResult
    static func submit(_ server: TestMailServer, subject: String, to: String = bob) async throws -> SMTPSendResult {
        let smtp = smtp(server)
        try await smtp.connect()
        let result = try await smtp.send(message(subject: subject, to: to), envelope: envelope(to: to))
        try await smtp.quit()
        return result
    }

    /// The duration of the first timing of `phase`.
    static func duration<P: Equatable>(_ timings: [PhaseTiming<P>], _ phase: P) -> Duration? {
        timings.first { $0.phase == phase }?.duration
    }

    /// Open descriptors of this process.
    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    /// Descriptors of this process that are TCP sockets with a local or remote port in `ports`
    /// (immune to the sockets of tests running in parallel): getsockname / getpeername on every open descriptor.
    static func socketDescriptors(touching ports: Set<UInt16>) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap(Int32.init).filter { fd in
            func port(_ call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) -> UInt16? {
                var storage = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let result = withUnsafeMutablePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(fd, $0, &length) }
                }
                guard result == 0 else { return nil }
                return withUnsafePointer(to: &storage) { pointer -> UInt16? in
                    switch Int32(pointer.pointee.ss_family) {
                    case AF_INET: pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
                    case AF_INET6: pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
                    default: nil
                    }
                }
            }
            let local = port { getsockname($0, $1, $2) }
            let remote = port { getpeername($0, $1, $2) }
            return [local, remote].contains { $0.map(ports.contains) ?? false }
        }.count
    }

    /// Waits until `condition` holds or `limit` passes.
    static func eventually(_ limit: Duration = .seconds(5), _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }

    /// Runs blocking work (process I/O) on a thread of its own: blocking the cooperative
    /// pool would stall every other test's timers and I/O.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// Runs a Python script (stdin) with arguments; returns its exit status and output (stdout + stderr).
    static func python(_ script: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
