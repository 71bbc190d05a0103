import MailTestKit
import Foundation
import MailCore
import Synchronization
import Testing
@testable import MailTransport

@Suite("TCP connections over the event loop")
struct TCPConnectionTests {
    @Test("echo both ways over loopback")
    func echo() async throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
        defer { connection.close() }
        #expect(connection.remoteAddress == SocketAddress(numericHost: "127.0.0.1", port: server.port))
        let establishment = try #require(connection.establishment)
        #expect(establishment.dnsStarted == establishment.dnsCompleted)
        #expect(establishment.connectStarted <= establishment.connectCompleted)
        #expect(establishment.addresses == [connection.remoteAddress])

        let before = ContinuousClock.now
        let written = try await connection.write(Array("hello\r\n".utf8), deadline: deadline())
        #expect(written >= before)
        var buffer = InputBuffer()
        try await connection.read(exactly: 7, into: &buffer, deadline: deadline())
        #expect(Array(buffer.readableBytesView) == Array("hello\r\n".utf8))
    }

    @Test("500 concurrent connections share the one loop")
    func manyConnections() async throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let port = server.port
        let succeeded = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<500 {
                group.addTask {
                    let connection = try await TCPConnection.connect(host: "127.0.0.1", port: port, deadline: deadline(30))
                    defer { connection.close() }
                    let message = Array("connection \(index)\n".utf8)
                    _ = try await connection.write(message, deadline: deadline(30))
                    var buffer = InputBuffer()
                    try await connection.read(exactly: message.count, into: &buffer, deadline: deadline(30))
                    return Array(buffer.readableBytesView) == message
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(succeeded == 500)
    }

    @Test("a read waits exactly until its deadline")
    func readDeadline() async throws {
        let server = try TestServer { connection in
            var buffer = InputBuffer()
            _ = try? await connection.read(into: &buffer, deadline: deadline(10))
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
        defer { connection.close() }
        let start = ContinuousClock.now
        var buffer = InputBuffer()
        let error = await transportError { () throws(TransportError) in
            _ = try await connection.read(into: &buffer, deadline: start + .milliseconds(300))
        }
        let elapsed = start.duration(to: .now)
        #expect(error?.code == .timedOut)
        #expect(error?.step == .read)
        #expect(error?.description.hasPrefix("read: timed out after 0.") == true)
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .milliseconds(2300))
    }

    @Test("cancelling a pending read ends it at once with .cancelled")
    func cancelRead() async throws {
        let server = try TestServer { connection in
            var buffer = InputBuffer()
            _ = try? await connection.read(into: &buffer, deadline: deadline(10))
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
        defer { connection.close() }
        let reader = Task { () -> TransportError? in
            var buffer = InputBuffer()
            return await transportError { () throws(TransportError) in
                _ = try await connection.read(into: &buffer, deadline: deadline(30))
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        let cancelled = ContinuousClock.now
        reader.cancel()
        let error = await reader.value
        #expect(error?.code == .cancelled)
        #expect(cancelled.duration(to: .now) < .seconds(2))
        // The connection is still usable after a cancelled read.
        _ = try await connection.write(Array("x".utf8), deadline: deadline())
    }

    @Test("end of stream is .connectionClosed")
    func endOfStream() async throws {
        let server = try TestServer { connection in
            _ = try? await connection.write(Array("bye\r\n".utf8), deadline: deadline())
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
        defer { connection.close() }
        var buffer = InputBuffer()
        try await connection.read(exactly: 5, into: &buffer, deadline: deadline())
        let error = await transportError { () throws(TransportError) in
            _ = try await connection.read(into: &buffer, deadline: deadline())
        }
        #expect(error?.code == .connectionClosed)
        #expect(error?.step == .read)
    }

    @Test("closing locally ends a pending read")
    func closeEndsPendingRead() async throws {
        let server = try TestServer { connection in
            var buffer = InputBuffer()
            _ = try? await connection.read(into: &buffer, deadline: deadline(10))
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
        let reader = Task { () -> TransportError? in
            var buffer = InputBuffer()
            return await transportError { () throws(TransportError) in
                _ = try await connection.read(into: &buffer, deadline: deadline(30))
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        connection.close()
        connection.close()
        let error = await reader.value
        #expect(error?.code == .connectionClosed)
    }

    @Test("connection refused names the address")
    func refused() async throws {
        // Bind then close to get a port nobody listens on.
        let listener = try TCPListener.bind(host: "127.0.0.1", port: 0)
        let port = listener.localAddress.port
        listener.close()
        let error = await transportError { () throws(TransportError) in
            _ = try await TCPConnection.connect(host: "127.0.0.1", port: port, deadline: deadline())
        }
        #expect(error?.code == .connectFailed)
        #expect(error?.step == .connect)
        #expect(error?.message == "connection refused (127.0.0.1:\(port))")
    }

    @Test("a peer cannot grow the buffer past its limit")
    func bufferLimit() async throws {
        let server = try TestServer { connection in
            _ = try? await connection.write([UInt8](repeating: 65, count: 10_000), deadline: deadline())
            var buffer = InputBuffer()
            _ = try? await connection.read(into: &buffer, deadline: deadline(10))
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
        defer { connection.close() }
        var buffer = InputBuffer()
        let error = await transportError { () throws(TransportError) in
            while true {
                _ = try await connection.read(into: &buffer, bufferLimit: 4096, deadline: deadline())
            }
        }
        #expect(error?.code == .bufferLimitExceeded)
        #expect(buffer.readableBytes == 4096)
    }

    @Test("one task reads while another writes on the same connection")
    func concurrentReadAndWrite() async throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
        defer { connection.close() }
        let payload = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        async let received: [UInt8] = {
            var buffer = InputBuffer()
            try await connection.read(exactly: payload.count, into: &buffer, deadline: deadline(30))
            return Array(buffer.readableBytesView)
        }()
        _ = try await connection.write(payload, deadline: deadline(30))
        #expect(try await received == payload)
    }

    @Test("IPv6 loopback [::1]")
    func ipv6Loopback() async throws {
        let hasIPv6 = FileManager.default.fileExists(atPath: "/proc/net/if_inet6")
        let server: TestServer
        do {
            server = try TestServer(host: "::1", handler: TestServer.echo)
        } catch {
            // Only a machine without IPv6 may skip; one with IPv6 must bind ::1.
            #expect(!hasIPv6, "IPv6 is configured but ::1 cannot be bound: \(error)")
            withKnownIssue("no IPv6 on this machine: \(error)") { throw error }
            return
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "[::1]", port: server.port, deadline: deadline())
        defer { connection.close() }
        #expect(connection.remoteAddress.family == .ipv6)
        #expect(connection.remoteAddress.description == "[::1]:\(server.port)")
        _ = try await connection.write(Array("six\n".utf8), deadline: deadline())
        var buffer = InputBuffer()
        try await connection.read(exactly: 4, into: &buffer, deadline: deadline())
        #expect(Array(buffer.readableBytesView) == Array("six\n".utf8))
    }

    @Test("observer sees DNS, connect and close with ordered instants")
    func observerEvents() async throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let recorder = RecordingObserver()
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline(), observer: recorder)
        connection.close()
        let kinds = recorder.events.map { event -> String in
            switch event.kind {
            case .dnsStarted: "dnsStarted"
            case .dnsResolved: "dnsResolved"
            case .connectStarted: "connectStarted"
            case .connected: "connected"
            case .connectFailed: "connectFailed"
            case .closed: "closed"
            default: "other"
            }
        }
        #expect(kinds.first == "dnsStarted")
        #expect(kinds.contains("dnsResolved"))
        #expect(kinds.contains("connected"))
        #expect(kinds.last == "closed")
        #expect(recorder.events.allSatisfy { $0.connectionID == connection.id })
    }
}

