import Foundation
import MailCore
@testable import MailTransport

/// A deadline `seconds` from now.
func deadline(_ seconds: Double = 10) -> ContinuousClock.Instant {
    .now + .milliseconds(Int(seconds * 1000))
}

/// Files under the package's Fixtures/tls directory.
enum TLSFixtures {
    static let directory: URL = {
        // Tests/MailTransportTests/TestSupport.swift → package root.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tls")
    }()

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static var server: TLSServerConfiguration {
        TLSServerConfiguration(certificateChainFile: path("server.pem"), privateKeyFile: path("server.key"))
    }

    static var expired: TLSServerConfiguration {
        TLSServerConfiguration(certificateChainFile: path("expired.pem"), privateKeyFile: path("expired.key"))
    }

    static var ca: String { path("ca.pem") }
    static var otherCA: String { path("other-ca.pem") }
}

/// A loopback server that runs `handler` for each accepted connection.
final class TestServer: Sendable {
    let listener: TCPListener
    private let acceptLoop: Task<Void, Never>

    init(host: String = "127.0.0.1", handler: @escaping @Sendable (TCPConnection) async -> Void) throws {
        let listener = try TCPListener.bind(host: host, port: 0)
        self.listener = listener
        self.acceptLoop = Task {
            await withDiscardingTaskGroup { group in
                while true {
                    guard let connection = try? await listener.accept() else { return }
                    group.addTask {
                        await handler(connection)
                        connection.close()
                    }
                }
            }
        }
    }

    var port: UInt16 { listener.localAddress.port }

    func stop() {
        listener.close()
        acceptLoop.cancel()
    }

    /// Echoes every byte back until the peer closes.
    static func echo(_ connection: TCPConnection) async {
        var buffer = InputBuffer()
        while true {
            do {
                _ = try await connection.read(into: &buffer, deadline: deadline(30))
                let bytes = buffer.readBytes(buffer.readableBytes)
                _ = try await connection.write(bytes, deadline: deadline(30))
            } catch {
                return
            }
        }
    }
}

extension TCPConnection {
    /// Reads until `buffer` holds at least `count` bytes.
    func read(exactly count: Int, into buffer: inout InputBuffer, deadline: ContinuousClock.Instant) async throws(TransportError) {
        while buffer.readableBytes < count {
            _ = try await read(into: &buffer, bufferLimit: 1 << 30, deadline: deadline)
        }
    }
}

/// Runs `body` and returns the TransportError it threw, or nil.
func transportError(_ body: () async throws(TransportError) -> Void) async -> TransportError? {
    do {
        try await body()
        return nil
    } catch {
        return error
    }
}
