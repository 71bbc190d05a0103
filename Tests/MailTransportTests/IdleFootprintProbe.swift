import Foundation
import MailCore
import Synchronization
import Testing
@testable import MailTransport

/// Resident set size of this process, in KiB.
func rssKB() -> Int {
    let status = try! String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }!
    return Int(line.split(separator: " ").dropFirst().first!)!
}

/// Opt-in (`MEMPROBE=1`): memory per idle connection pair (client and server
/// side in this process, each client with a pending read). Prints, never fails.
@Test(.enabled(if: ProcessInfo.processInfo.environment["MEMPROBE"] != nil), arguments: [false, true])
func idleConnectionFootprint(tls: Bool) async throws {
    let count = 2000
    let accepted = Mutex<[TCPConnection]>([])
    let server = try TestServer { connection in
        if tls { _ = try? await connection.acceptTLS(TLSFixtures.server, deadline: deadline(60)) }
        accepted.withLock { $0.append(connection) }
        try? await Task.sleep(for: .seconds(3600))
    }
    defer { server.stop() }
    // warm up
    let warm = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline())
    if tls { _ = try await warm.startTLS(TLSConfiguration(caFile: TLSFixtures.ca), deadline: deadline()) }
    let before = rssKB()
    var clients: [TCPConnection] = []
    for _ in 0..<count {
        let c = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline(30))
        if tls { _ = try await c.startTLS(TLSConfiguration(caFile: TLSFixtures.ca), deadline: deadline(30)) }
        clients.append(c)
    }
    let readers = clients.map { c in Task { var b = InputBuffer(); _ = try? await c.read(into: &b, deadline: deadline(3600)) } }
    try await Task.sleep(for: .seconds(1))
    let after = rssKB()
    print("MEMPROBE tls=\(tls) per pair (client+server, incl. server task + client reader task): \((after - before) / count) KB")
    for c in clients { c.close() }
    for r in readers { _ = await r.value }
}
