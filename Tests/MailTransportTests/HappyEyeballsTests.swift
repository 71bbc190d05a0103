import MailTestKit
import Testing
@testable import MailTransport

@Suite("Happy Eyeballs (RFC 8305)")
struct HappyEyeballsTests {
    private static func address(_ host: String) -> SocketAddress {
        SocketAddress(numericHost: host, port: 25)!
    }

    @Test("interleaving alternates families, IPv6 first, keeping order within a family", arguments: [
        (["192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2"], ["2001:db8::1", "192.0.2.1", "2001:db8::2", "192.0.2.2"]),
        (["2001:db8::1", "2001:db8::2", "2001:db8::3", "192.0.2.1"], ["2001:db8::1", "192.0.2.1", "2001:db8::2", "2001:db8::3"]),
        (["192.0.2.1", "192.0.2.2"], ["192.0.2.1", "192.0.2.2"]),
        (["2001:db8::1"], ["2001:db8::1"]),
        ([], []),
    ])
    func interleave(input: [String], expected: [String]) {
        #expect(HappyEyeballs.interleave(input.map(Self.address)).map(\.host) == expected)
    }

    @Test("a refused IPv6 attempt falls back to IPv4 at once")
    func fallback() async throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let v6Closed = try TCPListener.bind(host: "::1", port: 0)
        let port = v6Closed.localAddress.port
        v6Closed.close()
        let addresses = [SocketAddress(numericHost: "::1", port: port)!, SocketAddress(numericHost: "127.0.0.1", port: server.port)!]
        let start = ContinuousClock.now
        let winner = try await HappyEyeballs.race(
            addresses, deadline: deadline(), delay: .seconds(5), connectionID: ConnectionID(rawValue: 0), observer: nil
        )
        defer { Socket.close(fd: winner.fd, registration: winner.registration) }
        #expect(winner.address == addresses[1])
        #expect(start.duration(to: .now) < .seconds(4))
    }

    @Test("when every address fails the error lists each one")
    func allFail() async throws {
        let a = try TCPListener.bind(host: "127.0.0.1", port: 0)
        let b = try TCPListener.bind(host: "::1", port: 0)
        let addresses = [b.localAddress, a.localAddress]
        a.close()
        b.close()
        let error = await transportError { () throws(TransportError) in
            _ = try await HappyEyeballs.race(
                addresses, deadline: deadline(), delay: .milliseconds(250), connectionID: ConnectionID(rawValue: 0), observer: nil
            )
        }
        #expect(error?.code == .connectFailed)
        #expect(error?.message.contains("connection refused (\(addresses[0]))") == true)
        #expect(error?.message.contains("connection refused (\(addresses[1]))") == true)
    }

    /// A loopback address whose connects hang: a listener with backlog 0 whose
    /// one queue slot is taken (the kernel drops further SYNs). Keep the result alive.
    private static func blackhole() async throws -> (TCPListener, TCPConnection) {
        let listener = try TCPListener.bind(host: "127.0.0.1", port: 0, backlog: 0)
        let filler = try await TCPConnection.connect(host: "127.0.0.1", port: listener.localAddress.port, deadline: deadline())
        return (listener, filler)
    }

    @Test("a hanging attempt is overtaken after the delay, and the loser is dropped")
    func delayedSecondAttempt() async throws {
        let (hole, filler) = try await Self.blackhole()
        defer { filler.close(); hole.close() }
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let addresses = [hole.localAddress, SocketAddress(numericHost: "127.0.0.1", port: server.port)!]
        let recorder = RecordingObserver()
        let start = ContinuousClock.now
        let winner = try await HappyEyeballs.race(
            addresses, deadline: deadline(), delay: .milliseconds(250), connectionID: ConnectionID(rawValue: 0), observer: recorder
        )
        let elapsed = start.duration(to: .now)
        defer { Socket.close(fd: winner.fd, registration: winner.registration) }
        #expect(winner.address == addresses[1])
        #expect(elapsed >= .milliseconds(250))
        #expect(elapsed < .seconds(2))
        let starts = recorder.events.compactMap { event -> ContinuousClock.Instant? in
            if case .connectStarted = event.kind { return event.instant }
            return nil
        }
        try #require(starts.count == 2)
        #expect(starts[0].duration(to: starts[1]) >= .milliseconds(250))
    }

    @Test("an attempt that never answers times out, naming the address")
    func connectTimeout() async throws {
        let (hole, filler) = try await Self.blackhole()
        defer { filler.close(); hole.close() }
        let start = ContinuousClock.now
        let error = await transportError { () throws(TransportError) in
            _ = try await TCPConnection.connect(host: "127.0.0.1", port: hole.localAddress.port, deadline: start + .milliseconds(300))
        }
        let elapsed = start.duration(to: .now)
        #expect(error?.step == .connect)
        #expect(error?.code == .timedOut)
        #expect(error?.message.hasSuffix("(\(hole.localAddress))") == true)
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .milliseconds(2300))
    }
}
