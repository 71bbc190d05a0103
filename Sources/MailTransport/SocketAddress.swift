import COpenSSL
import Glibc

/// A numeric IPv4 or IPv6 address and TCP port.
///
/// `description` is `"127.0.0.1:25"` or `"[::1]:25"`.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address family.
    public enum Family: Hashable, Sendable {
        case ipv4, ipv6
    }

    /// Numeric host text, without brackets: `"127.0.0.1"`, `"::1"`.
    public var host: String
    public var port: UInt16
    public var family: Family
    /// IPv6 scope (interface index) for link-local addresses; 0 otherwise.
    var scopeID: UInt32 = 0

    /// Parses a numeric host (`"127.0.0.1"`, `"::1"`, `"[::1]"`); nil for names.
    public init?(numericHost: String, port: UInt16) {
        let bare = SocketAddress.stripBrackets(numericHost)
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            self.init(host: bare, port: port, family: .ipv4)
        } else if inet_pton(AF_INET6, bare, &v6) == 1 {
            self.init(host: bare, port: port, family: .ipv6)
        } else {
            return nil
        }
    }

    init(host: String, port: UInt16, family: Family, scopeID: UInt32 = 0) {
        self.host = host
        self.port = port
        self.family = family
        self.scopeID = scopeID
    }

    public var description: String {
        switch family {
        case .ipv4: "\(host):\(port)"
        case .ipv6: "[\(host)]:\(port)"
        }
    }

    /// `"[::1]"` → `"::1"`; anything else unchanged.
    static func stripBrackets(_ host: String) -> String {
        if host.hasPrefix("[") && host.hasSuffix("]") && host.count >= 2 {
            return String(host.dropFirst().dropLast())
        }
        return host
    }

    var addressFamily: Int32 { family == .ipv4 ? AF_INET : AF_INET6 }
}

// MARK: - sockaddr conversion

extension SocketAddress {
    /// Calls `body` with this address as a `sockaddr` and its length.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var storage = sockaddr_storage()
        let length: socklen_t
        switch family {
        case .ipv4:
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                let sin = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
                sin.pointee.sin_family = sa_family_t(AF_INET)
                sin.pointee.sin_port = port.bigEndian
                _ = inet_pton(AF_INET, host, &sin.pointee.sin_addr)
            }
        case .ipv6:
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                let sin6 = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                sin6.pointee.sin6_family = sa_family_t(AF_INET6)
                sin6.pointee.sin6_port = port.bigEndian
                sin6.pointee.sin6_scope_id = scopeID
                _ = inet_pton(AF_INET6, host, &sin6.pointee.sin6_addr)
            }
        }
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// Reads an IPv4 or IPv6 `sockaddr`; nil for other families.
    init?(_ address: UnsafePointer<sockaddr>) {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            let sin = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in.self)
            var addr = sin.sin_addr
            guard inet_ntop(AF_INET, &addr, &text, socklen_t(text.count)) != nil else { return nil }
            self.init(host: nulTerminated(text), port: UInt16(bigEndian: sin.sin_port), family: .ipv4)
        case AF_INET6:
            let sin6 = UnsafeRawPointer(address).loadUnaligned(as: sockaddr_in6.self)
            var addr = sin6.sin6_addr
            guard inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count)) != nil else { return nil }
            self.init(host: nulTerminated(text), port: UInt16(bigEndian: sin6.sin6_port), family: .ipv6, scopeID: sin6.sin6_scope_id)
        default:
            return nil
        }
    }
}

/// The text of a NUL-terminated C character array.
func nulTerminated(_ characters: [CChar]) -> String {
    String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
