import MailTransport
import Synchronization

/// A ``ConnectionObserver`` that keeps every event, for assertions on what a client did and when.
///
///     let recorder = RecordingObserver()
///     let connection = try await TCPConnection.connect(host: "127.0.0.1", port: port, deadline: .now + .seconds(5), observer: recorder)
///     #expect(recorder.events.map(\.kind).contains { if case .tcpConnected = $0 { true } else { false } })
public final class RecordingObserver: ConnectionObserver {
    private let recorded = Mutex<[ConnectionEvent]>([])

    public init() {}

    public func record(_ event: ConnectionEvent) {
        recorded.withLock { $0.append(event) }
    }

    /// Every event so far, in the order they were recorded.
    public var events: [ConnectionEvent] { recorded.withLock { $0 } }
}
