import Foundation
import MailCore
import Testing
@testable import MailTransport

@Suite("TLS over OpenSSL")
struct TLSTests {
    /// A server that completes the handshake with `certificate` and then echoes.
    private static func tlsServer(_ certificate: TLSServerConfiguration = TLSFixtures.server) throws -> TestServer {
        try TestServer { connection in
            guard (try? await connection.acceptTLS(certificate, deadline: deadline())) != nil else { return }
            await TestServer.echo(connection)
        }
    }

    @Test("handshake verified against the test CA reports the session")
    func verifiedHandshake() async throws {
        let server = try Self.tlsServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        let session = try await connection.startTLS(TLSConfiguration(caFile: TLSFixtures.ca), deadline: deadline())
        #expect(session.verified)
        #expect(session.protocolVersion == "TLSv1.3")
        #expect(!session.cipher.isEmpty && session.cipher != "unknown")
        #expect(session.peerSubject == "CN=localhost,O=MailProbe Test")
        #expect(session.peerIssuer == "CN=MailProbe Test CA,O=MailProbe Test")
        #expect(session.subjectAltNames == ["localhost", "127.0.0.1", "::1"])
        let now = Int64(Date().timeIntervalSince1970)
        #expect(try #require(session.notBefore) <= now)
        #expect(try #require(session.notAfter) > now + 50 * 365 * 86_400)
        #expect(connection.tlsSession == session)

        _ = try await connection.write(Array("over tls\n".utf8), deadline: deadline())
        var buffer = InputBuffer()
        try await connection.read(exactly: 9, into: &buffer, deadline: deadline())
        #expect(Array(buffer.readableBytesView) == Array("over tls\n".utf8))
    }

    @Test("an IP literal is verified against the IP subjectAltName", arguments: ["127.0.0.1", "::1"])
    func ipLiteral(host: String) async throws {
        let server = try TestServer(host: host) { connection in
            guard (try? await connection.acceptTLS(TLSFixtures.server, deadline: deadline())) != nil else { return }
            await TestServer.echo(connection)
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: host, port: server.port, deadline: deadline())
        defer { connection.close() }
        let session = try await connection.startTLS(TLSConfiguration(caFile: TLSFixtures.ca), deadline: deadline())
        #expect(session.verified)
    }

    @Test("an unknown CA fails verification and says why")
    func wrongCA() async throws {
        let server = try Self.tlsServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        let error = await transportError { () throws(TransportError) in
            _ = try await connection.startTLS(TLSConfiguration(caFile: TLSFixtures.otherCA), deadline: deadline())
        }
        #expect(error?.step == .tls)
        #expect(error?.code == .certificateVerificationFailed)
        #expect(error?.message == "certificate verify failed: unable to get local issuer certificate")
    }

    @Test("the system store does not trust the test CA")
    func systemStore() async throws {
        let server = try Self.tlsServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        let error = await transportError { () throws(TransportError) in
            _ = try await connection.startTLS(TLSConfiguration(), deadline: deadline())
        }
        #expect(error?.code == .certificateVerificationFailed)
    }

    @Test("a name the certificate does not cover fails with a mismatch")
    func hostNameMismatch() async throws {
        let server = try Self.tlsServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
        defer { connection.close() }
        let error = await transportError { () throws(TransportError) in
            _ = try await connection.startTLS(TLSConfiguration(serverName: "wrong.example", caFile: TLSFixtures.ca), deadline: deadline())
        }
        #expect(error?.code == .certificateVerificationFailed)
        #expect(error?.message.lowercased().contains("hostname mismatch") == true)
    }

    @Test("an expired certificate fails with 'expired'")
    func expired() async throws {
        let server = try Self.tlsServer(TLSFixtures.expired)
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        let error = await transportError { () throws(TransportError) in
            _ = try await connection.startTLS(TLSConfiguration(caFile: TLSFixtures.ca), deadline: deadline())
        }
        #expect(error?.code == .certificateVerificationFailed)
        #expect(error?.description == "tls: certificate verify failed: certificate has expired")
    }

    @Test("verifyPeer false accepts anything and says it did not verify")
    func unverified() async throws {
        let server = try Self.tlsServer(TLSFixtures.expired)
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
        defer { connection.close() }
        let session = try await connection.startTLS(
            TLSConfiguration(serverName: "wrong.example", verifyPeer: false), deadline: deadline()
        )
        #expect(session.verified == false)
        #expect(session.peerSubject == "CN=localhost,O=MailProbe Test")
        #expect(session.notAfter == 978_307_200)  // 2001-01-01T00:00:00Z
    }

    @Test("STARTTLS: plaintext exchange, then an upgrade in place")
    func startTLSUpgrade() async throws {
        let server = try TestServer { connection in
            var buffer = InputBuffer()
            do {
                _ = try await connection.write(Array("220 ready\r\n".utf8), deadline: deadline())
                try await connection.read(exactly: 10, into: &buffer, deadline: deadline())
                guard Array(buffer.readableBytesView) == Array("STARTTLS\r\n".utf8) else { return }
                _ = try await connection.write(Array("220 go ahead\r\n".utf8), deadline: deadline())
                _ = try await connection.acceptTLS(TLSFixtures.server, deadline: deadline())
            } catch {
                return
            }
            await TestServer.echo(connection)
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        var buffer = InputBuffer()
        try await connection.read(exactly: 11, into: &buffer, deadline: deadline())
        #expect(String(decoding: buffer.readableBytesView, as: UTF8.self) == "220 ready\r\n")
        buffer.clear()
        _ = try await connection.write(Array("STARTTLS\r\n".utf8), deadline: deadline())
        try await connection.read(exactly: 14, into: &buffer, deadline: deadline())
        buffer.clear()
        #expect(connection.tlsSession == nil)
        let session = try await connection.startTLS(TLSConfiguration(caFile: TLSFixtures.ca), deadline: deadline())
        #expect(session.verified)
        _ = try await connection.write(Array("EHLO probe\r\n".utf8), deadline: deadline())
        try await connection.read(exactly: 12, into: &buffer, deadline: deadline())
        #expect(String(decoding: buffer.readableBytesView, as: UTF8.self) == "EHLO probe\r\n")
    }

    @Test("a 1 MB payload round trips through TLS")
    func largePayload() async throws {
        let server = try Self.tlsServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        _ = try await connection.startTLS(TLSConfiguration(caFile: TLSFixtures.ca), deadline: deadline())
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        async let received: [UInt8] = {
            var buffer = InputBuffer()
            try await connection.read(exactly: payload.count, into: &buffer, deadline: deadline(30))
            return Array(buffer.readableBytesView)
        }()
        _ = try await connection.write(payload, deadline: deadline(30))
        #expect(try await received == payload)
    }

    @Test("a TLS peer closing is .connectionClosed")
    func tlsEndOfStream() async throws {
        let server = try TestServer { connection in
            guard (try? await connection.acceptTLS(TLSFixtures.server, deadline: deadline())) != nil else { return }
            _ = try? await connection.write(Array("bye\r\n".utf8), deadline: deadline())
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        _ = try await connection.startTLS(TLSConfiguration(caFile: TLSFixtures.ca), deadline: deadline())
        var buffer = InputBuffer()
        try await connection.read(exactly: 5, into: &buffer, deadline: deadline())
        let error = await transportError { () throws(TransportError) in
            _ = try await connection.read(into: &buffer, deadline: deadline())
        }
        #expect(error?.code == .connectionClosed)
    }

    @Test("a handshake with a silent server times out")
    func handshakeTimeout() async throws {
        let server = try TestServer { connection in
            var buffer = InputBuffer()
            _ = try? await connection.read(into: &buffer, deadline: deadline(5))
            try? await Task.sleep(for: .seconds(2))
        }
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        let error = await transportError { () throws(TransportError) in
            _ = try await connection.startTLS(TLSConfiguration(caFile: TLSFixtures.ca), deadline: deadline(0.3))
        }
        #expect(error?.step == .tls)
        #expect(error?.code == .timedOut)
    }

    @Test("a missing CA file is reported")
    func missingCAFile() async throws {
        let server = try Self.tlsServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        let error = await transportError { () throws(TransportError) in
            _ = try await connection.startTLS(TLSConfiguration(caFile: "/nonexistent/ca.pem"), deadline: deadline())
        }
        #expect(error?.code == .tlsHandshakeFailed)
        #expect(error?.message.hasPrefix("cannot load CA file /nonexistent/ca.pem") == true)
    }
}
