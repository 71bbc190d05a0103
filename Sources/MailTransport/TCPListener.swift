import COpenSSL
import Glibc
import Synchronization

/// A listening TCP socket on the shared event loop (test servers, the test mail server).
public final class TCPListener: Sendable {
    /// The bound address; with port 0, the port the kernel chose.
    public let localAddress: SocketAddress

    private let fd: Int32
    private let registration: UInt64
    /// True once closed; guards the descriptor against use after close.
    private let closed = Mutex(false)

    private init(fd: Int32, registration: UInt64, localAddress: SocketAddress) {
        self.fd = fd
        self.registration = registration
        self.localAddress = localAddress
    }

    deinit {
        close()
    }

    /// Binds and listens with SO_REUSEADDR. `host` is a numeric address
    /// (`"127.0.0.1"`, `"::1"`, `"[::1]"`, `"0.0.0.0"`, `"::"`) or `"localhost"`
    /// (127.0.0.1); port 0 picks any free port.
    public static func bind(host: String, port: UInt16, backlog: Int32 = 4096) throws(TransportError) -> TCPListener {
        let numeric = host.lowercased() == "localhost" ? "127.0.0.1" : host
        guard let address = SocketAddress(numericHost: numeric, port: port) else {
            throw TransportError(step: .listen, code: .io, message: "\(host) is not a numeric address")
        }
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(address.addressFamily, type, 0)
        guard fd >= 0 else {
            throw TransportError(step: .listen, code: .io, message: "socket: \(errnoText(errno))")
        }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard address.withSockAddr({ Glibc.bind(fd, $0, $1) }) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TransportError(step: .listen, code: .io, message: "bind \(address): \(errnoText(code))")
        }
        guard listen(fd, backlog) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TransportError(step: .listen, code: .io, message: "listen \(address): \(errnoText(code))")
        }
        let local = Socket.localAddress(fd) ?? address
        switch Socket.adopt(fd) {
        case .success(let opened):
            return TCPListener(fd: opened.fd, registration: opened.registration, localAddress: local)
        case .failure(let error):
            throw TransportError(step: .listen, code: .io, message: "epoll: \(error.text)")
        }
    }

    /// Waits for the next connection. A nil deadline waits forever (still cancellable).
    public func accept(deadline: ContinuousClock.Instant? = nil) async throws(TransportError) -> TCPConnection {
        let start = ContinuousClock.now
        while true {
            let result: Result<(Int32, SocketAddress), TransportError>? = closed.withLock { closed in
                if closed { return .failure(.closedLocally(.accept)) }
                var storage = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
                let client = withUnsafeMutablePointer(to: &storage) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { mailprobe_accept4(fd, $0, &length, flags) }
                }
                if client < 0 {
                    switch errno {
                    case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED: return nil
                    case let code: return .failure(TransportError(step: .accept, code: .io, message: errnoText(code)))
                    }
                }
                let peer = withUnsafePointer(to: &storage) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { SocketAddress($0) }
                }
                return .success((client, peer ?? localAddress))
            }
            switch result {
            case .success(let (client, peer)):
                Socket.setNoDelay(client)
                switch Socket.adopt(client) {
                case .success(let opened):
                    return TCPConnection(
                        fd: opened.fd, registration: opened.registration, id: TCPConnection.nextID(),
                        remoteAddress: peer, establishment: nil, hostName: nil, observer: nil
                    )
                case .failure(let error):
                    throw TransportError(step: .accept, code: .io, message: "epoll: \(error.text)")
                }
            case .failure(let error):
                throw error
            case nil:
                let outcome = await EventLoop.shared.wait(registration, for: .read, deadline: deadline)
                guard outcome == .ready else { throw .waitFailed(outcome, .accept, since: start) }
            }
        }
    }

    /// Stops listening; idempotent. A pending accept ends with `connectionClosed`.
    public func close() {
        closed.withLock { closed in
            guard !closed else { return }
            closed = true
            Socket.close(fd: fd, registration: registration)
        }
    }
}
