import Foundation
import Testing
@testable import MailTransport

@Suite("Name resolution")
struct ResolverTests {
    @Test("numeric hosts skip the resolver", arguments: [
        ("127.0.0.1", SocketAddress.Family.ipv4, "127.0.0.1:25"),
        ("::1", .ipv6, "[::1]:25"),
        ("[::1]", .ipv6, "[::1]:25"),
    ])
    func numeric(host: String, family: SocketAddress.Family, description: String) async throws {
        let resolved = try await Resolver.resolve(host: host, port: 25, deadline: deadline()) { _ in
            Issue.record("the resolver must not be called for \(host)")
            return .success([])
        }
        #expect(resolved.addresses.map(\.description) == [description])
        #expect(resolved.addresses.first?.family == family)
    }

    @Test("localhost resolves to a loopback address")
    func localhost() async throws {
        let resolved = try await Resolver.resolve(host: "localhost", port: 587, deadline: deadline())
        #expect(!resolved.addresses.isEmpty)
        #expect(resolved.addresses.allSatisfy { $0.port == 587 && ($0.host == "127.0.0.1" || $0.host == "::1") })
    }

    @Test("connect by name reports its DNS phase")
    func connectByName() async throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline())
        defer { connection.close() }
        let establishment = try #require(connection.establishment)
        #expect(establishment.dnsStarted <= establishment.dnsCompleted)
        #expect(establishment.dnsCompleted <= establishment.connectStarted)
        #expect(establishment.remoteAddress.host == "127.0.0.1")
    }

    @Test("no-such-host.invalid fails with .resolutionFailed")
    func invalidName() async throws {
        let error = await transportError { () throws(TransportError) in
            _ = try await TCPConnection.connect(host: "no-such-host.invalid", port: 25, deadline: deadline())
        }
        #expect(error?.step == .dns)
        #expect(error?.code == .resolutionFailed)
        #expect(error?.message.contains("no-such-host.invalid") == true)
    }

    @Test("a resolver failure carries its reason")
    func lookupFailure() async throws {
        let error = await transportError { () throws(TransportError) in
            _ = try await Resolver.resolve(host: "mail.example.org", port: 25, deadline: deadline()) { _ in
                .failure(.init(reason: "name or service not known"))
            }
        }
        #expect(error?.code == .resolutionFailed)
        #expect(error?.description == "dns: mail.example.org: name or service not known")
    }

    @Test("a hanging lookup is bounded by the deadline")
    func hangingLookup() async throws {
        let start = ContinuousClock.now
        let error = await transportError { () throws(TransportError) in
            _ = try await Resolver.resolve(host: "slow.example.org", port: 25, deadline: start + .milliseconds(200)) { _ in
                usleep(1_500_000)  // a stuck getaddrinfo; its result is dropped
                return .success([SocketAddress(numericHost: "192.0.2.1", port: 0)!])
            }
        }
        let elapsed = start.duration(to: .now)
        #expect(error?.code == .timedOut)
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < .milliseconds(1400))
    }

    @Test("a lookup is cancellable")
    func cancelledLookup() async throws {
        let task = Task {
            await transportError { () throws(TransportError) in
                _ = try await Resolver.resolve(host: "slow.example.org", port: 25, deadline: deadline()) { _ in
                    usleep(1_000_000)
                    return .success([])
                }
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        #expect(await task.value?.code == .cancelled)
    }
}
