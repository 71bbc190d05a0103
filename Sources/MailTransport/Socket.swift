import COpenSSL
import Glibc

/// An errno value with its text.
struct Errno: Error, Sendable, Equatable {
    var code: Int32
    init(_ code: Int32) { self.code = code }
    var text: String { errnoText(code) }
}

/// `strerror` text with a lower-case first letter: `"connection refused"`.
func errnoText(_ code: Int32) -> String {
    guard let raw = strerror(code) else { return "errno \(code)" }
    let text = String(cString: raw)
    guard let first = text.first else { return "errno \(code)" }
    return first.lowercased() + text.dropFirst()
}

/// Non-blocking socket system calls shared by connections, connect attempts and listeners.
enum Socket {
    /// A non-blocking, close-on-exec TCP socket with TCP_NODELAY, registered with the loop.
    static func open(family: Int32) -> Result<(fd: Int32, registration: UInt64), Errno> {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(family, type, 0)
        guard fd >= 0 else { return .failure(Errno(errno)) }
        setNoDelay(fd)
        return adopt(fd)
    }

    /// Registers an already open non-blocking socket with the loop (closing it on failure).
    static func adopt(_ fd: Int32) -> Result<(fd: Int32, registration: UInt64), Errno> {
        switch EventLoop.shared.register(fd) {
        case .success(let registration):
            return .success((fd, registration))
        case .failure(let error):
            Glibc.close(fd)
            return .failure(error)
        }
    }

    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Leaves delayed-ACK mode for now (Linux `TCP_QUICKACK`; a no-op elsewhere).
    ///
    /// Called after every completed write: the kernel drops back into delayed-ACK
    /// ("pingpong") mode whenever we send, and a peer that runs Nagle (Postfix's smtpd
    /// does) then holds its reply behind an unacknowledged segment, such as a TLS 1.3
    /// session ticket, until our 40 ms delayed-ACK timer fires.
    static func setQuickAck(_ fd: Int32) {
        #if os(Linux)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), Int32(TCP_QUICKACK), &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    /// Deregisters (resuming any waiter) and closes.
    static func close(fd: Int32, registration: UInt64) {
        EventLoop.shared.deregister(registration)
        Glibc.close(fd)
    }

    /// The pending error of a socket (SO_ERROR), 0 when none.
    static func pendingError(_ fd: Int32) -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return errno }
        return error
    }

    /// The local address of a bound socket.
    static func localAddress(_ fd: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                guard getsockname(fd, address, &length) == 0 else { return nil }
                return SocketAddress(UnsafePointer(address))
            }
        }
    }
}
