import MailCore
import MailTransport

/// One accepted connection as a session sees it: bounded line and byte reads,
/// and writes that can drip or be replaced by garbage.
///
/// Holds no buffer of its own beyond the unconsumed input, which is empty
/// while a session idles: an idle connection costs its socket and this struct.
struct ServerChannel {
    let connection: TCPConnection
    var buffer = InputBuffer()
    /// A client silent this long is dropped.
    let idleTimeout: Duration
    let dripInterval: Duration

    init(_ connection: TCPConnection, idleTimeout: Duration, dripInterval: Duration) {
        self.connection = connection
        self.idleTimeout = idleTimeout
        self.dripInterval = dripInterval
    }

    /// A session's channel with the server's idle timeout and drip pace.
    init(_ connection: TCPConnection, for configuration: TestMailServer.Configuration) {
        self.init(connection, idleTimeout: configuration.limits.idleTimeout, dripInterval: configuration.faults.dripInterval)
    }

    /// On an implicit-TLS port (RFC 8314), the handshake before the greeting; false when
    /// there is no certificate to offer or the handshake failed: the session just ends.
    func acceptImplicitTLS(_ tls: TLSServerConfiguration?) async -> Bool {
        guard let tls else { return false }
        do {
            _ = try await connection.acceptTLS(tls, deadline: .now + .seconds(30))
            return true
        } catch {
            return false
        }
    }

    /// Reads one line and returns it without its CRLF (or bare LF).
    /// Throws ``SessionEnd/lineTooLong`` once `limit` bytes arrived without a line end.
    mutating func readLine(limit: Int) async throws(SessionEnd) -> [UInt8] {
        var scanned = 0
        while true {
            let view = buffer.readableBytesView
            if let newline = view[(view.startIndex + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > view.startIndex && view[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(view[view.startIndex..<end])
                buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
                return line
            }
            scanned = view.count
            guard view.count < limit + 2 else { throw .lineTooLong }
            try await fill(bufferLimit: limit + 2)
        }
    }

    /// Reads exactly `count` bytes (an IMAP literal).
    mutating func readBytes(_ count: Int) async throws(SessionEnd) -> [UInt8] {
        while buffer.readableBytes < count {
            try await fill(bufferLimit: count + 4096, maxBytes: min(65_536, count - buffer.readableBytes + 4096))
        }
        return buffer.readBytes(count)
    }

    private mutating func fill(bufferLimit: Int, maxBytes: Int = 4096) async throws(SessionEnd) {
        do {
            _ = try await connection.read(into: &buffer, maxBytes: maxBytes, bufferLimit: bufferLimit,
                                          deadline: .now + idleTimeout)
        } catch {
            throw error.code == .bufferLimitExceeded ? .lineTooLong : .closed
        }
    }

    /// Writes `bytes`, one byte at a time when `drip` is set.
    func send(_ bytes: [UInt8], drip: Bool = false) async throws(SessionEnd) {
        try await Self.send(bytes, on: connection, drip: drip, interval: dripInterval, timeout: idleTimeout)
    }

    func send(_ text: String, drip: Bool = false) async throws(SessionEnd) {
        try await send(Array(text.utf8), drip: drip)
    }

    static func send(_ bytes: [UInt8], on connection: TCPConnection, drip: Bool, interval: Duration,
                     timeout: Duration) async throws(SessionEnd) {
        do {
            if drip {
                for byte in bytes {
                    try await connection.write([byte], deadline: .now + timeout)
                    try? await Task.sleep(for: interval)
                }
            } else {
                try await connection.write(bytes, deadline: .now + timeout)
            }
        } catch {
            throw .closed
        }
    }

    /// Applies a phase's delay and drop; returns the faults still to apply to the reply.
    func prelude(_ faults: PhaseFaults?) async throws(SessionEnd) {
        guard let faults else { return }
        if faults.delay > .zero {
            do { try await Task.sleep(for: faults.delay) } catch { throw .closed }
        }
        if faults.drop { throw .dropped }
    }

    /// Bytes that are neither SMTP nor IMAP: control characters, a broken literal, no status.
    static let garbage: [UInt8] = [0x00, 0x01, 0xFF] + Array(" \u{7}garbage {x} ((( not a reply\r\n".utf8)
}

/// Why a session ended early.
enum SessionEnd: Error {
    /// The peer closed, a read or write failed, or the server is stopping.
    case closed
    /// A `drop` fault.
    case dropped
    /// A client line longer than the limit.
    case lineTooLong
}
