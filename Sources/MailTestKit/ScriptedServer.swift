import Foundation
import MailCore
import MailTransport

/// A loopback server that plays a fixed script (SMTP or IMAP: it is line based), for tests of what the client
/// does with replies no well-behaved server sends.
public final class ScriptedServer: Sendable {
    public enum Step: Sendable {
        /// Read one line from the client; it must start with this prefix.
        case expect(String)
        /// Read lines up to and including a line that is a lone ".".
        case expectMessage
        /// Read exactly these bytes (an IMAP literal's data, which need not end a line).
        case expectBytes(String)
        /// Nothing may arrive for this long (a client must wait for `+` before a synchronising literal).
        case expectSilence(Duration)
        /// Send these bytes as they are (add your own CRLF).
        case send(String)
        case sleep(Duration)
        /// Server side of a TLS handshake with the test certificate.
        case startTLS
        case close
    }

    let listener: TCPListener
    private let task: Task<[String], any Error>

    public var port: UInt16 { listener.localAddress.port }

    /// Serves one connection with `script`; ``received()`` returns what the client sent.
    public init(_ script: [Step]) throws {
        let listener = try TCPListener.bind(host: "127.0.0.1", port: 0)
        self.listener = listener
        self.task = Task {
            let connection = try await listener.accept(deadline: .now + .seconds(20))
            defer { connection.close() }
            var buffer = InputBuffer()
            var received: [String] = []
            for step in script {
                let deadline = ContinuousClock.now + .seconds(20)
                switch step {
                case .expect(let prefix):
                    let line = try await Self.readLine(connection, &buffer, deadline)
                    received.append(line)
                    guard line.uppercased().hasPrefix(prefix.uppercased()) else {
                        throw ScriptError(message: "expected \(prefix), got \(line)")
                    }
                case .expectMessage:
                    while true {
                        let line = try await Self.readLine(connection, &buffer, deadline)
                        received.append(line)
                        if line == "." { break }
                    }
                case .expectBytes(let expected):
                    received.append(try await Self.readBytes(Array(expected.utf8), connection, &buffer, deadline))
                case .expectSilence(let duration):
                    try await Self.awaitSilence(duration, connection, &buffer)
                case .send(let text):
                    _ = try await connection.write(Array(text.utf8), deadline: deadline)
                case .sleep(let duration):
                    try await Task.sleep(for: duration)
                case .startTLS:
                    _ = try await connection.acceptTLS(TestCertificates.server, deadline: deadline)
                case .close:
                    return received
                }
            }
            return received
        }
    }

    /// The lines the client sent, once the script has run.
    public func received() async throws -> [String] {
        try await task.value
    }

    deinit {
        task.cancel()
        listener.close()
    }

    struct ScriptError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Reads exactly `expected.count` bytes, which must be `expected`; returns `[N bytes]`.
    private static func readBytes(_ expected: [UInt8], _ connection: TCPConnection, _ buffer: inout InputBuffer,
                                  _ deadline: ContinuousClock.Instant) async throws -> String {
        while buffer.readableBytes < expected.count {
            let missing: Int = expected.count - buffer.readableBytes
            _ = try await connection.read(into: &buffer, maxBytes: missing, deadline: deadline)
        }
        let view: ArraySlice<UInt8> = buffer.readableBytesView
        let got: [UInt8] = Array(view.prefix(expected.count))
        buffer.moveReaderIndex(forwardBy: expected.count)
        guard got == expected else {
            let wanted: String = String(decoding: expected, as: UTF8.self)
            let actual: String = String(decoding: got, as: UTF8.self)
            throw ScriptError(message: "expected the bytes \(wanted.debugDescription), got \(actual.debugDescription)")
        }
        return "[\(expected.count) bytes]"
    }

    /// Fails when the client sends anything within `duration`.
    private static func awaitSilence(_ duration: Duration, _ connection: TCPConnection,
                                     _ buffer: inout InputBuffer) async throws {
        var timedOut = false
        if buffer.isEmpty {
            timedOut = await readTimesOut(connection, &buffer, deadline: .now + duration)
        }
        guard !timedOut || !buffer.isEmpty else { return }
        let early: String = String(decoding: buffer.readableBytesView, as: UTF8.self)
        throw ScriptError(message: "expected silence for \(duration), got \(early.debugDescription)")
    }

    private static func readTimesOut(_ connection: TCPConnection, _ buffer: inout InputBuffer,
                                     deadline: ContinuousClock.Instant) async -> Bool {
        do {
            _ = try await connection.read(into: &buffer, deadline: deadline)
            return false
        } catch {
            return error.code == .timedOut
        }
    }

    private static func readLine(_ connection: TCPConnection, _ buffer: inout InputBuffer,
                                 _ deadline: ContinuousClock.Instant) async throws -> String {
        while true {
            let view = buffer.readableBytesView
            if let newline = view.firstIndex(of: UInt8(ascii: "\n")) {
                var line = view[view.startIndex..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                let text = String(decoding: line, as: UTF8.self)
                buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
                return text
            }
            _ = try await connection.read(into: &buffer, deadline: deadline)
        }
    }
}

public enum TestCertificates {
    public static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tls")  // Sources/MailTestKit/ScriptedServer.swift → package root

    public static var caFile: String { fixtures.appendingPathComponent("ca.pem").path }

    public static var server: TLSServerConfiguration {
        TLSServerConfiguration(certificateChainFile: fixtures.appendingPathComponent("server.pem").path,
                               privateKeyFile: fixtures.appendingPathComponent("server.key").path)
    }
}
