import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Small HTTP helpers for tests: a free loopback port, and GET/POST with a timeout.
enum LoopbackHTTP {
    /// A TCP port free on 127.0.0.1 right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func request(_ url: String, method: String = "GET", token: String? = nil, body: String? = nil) async -> (status: Int, body: String)? {
        guard let target = URL(string: url) else { return nil }
        var request = URLRequest(url: target, timeoutInterval: 10)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// Polls `url` until `accept` holds for a response, at most `timeout`.
    static func poll(_ url: String, token: String? = nil, timeout: Duration = .seconds(30),
                     until accept: (Int, String) -> Bool) async -> (status: Int, body: String)? {
        let deadline = ContinuousClock.now + timeout
        var last: (status: Int, body: String)?
        while ContinuousClock.now < deadline {
            last = await request(url, token: token)
            if let last, accept(last.status, last.body) { return last }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return last
    }
}
