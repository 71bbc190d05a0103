import MonitorCore
import Probe
import Synchronization

/// What the daemon did, for an in-process observer (`mailprobe demo`'s terminal lines).
public enum DaemonEvent: Sendable, Hashable {
    /// A run finished and was stored (its `id` set when the store took it).
    case run(ProbeRunRecord)
    /// An alert notice was raised: its `summary` is the text the notifiers send first.
    case notice(AlertNotice)
}

/// The daemon's observers: each an `AsyncStream` with a bounded buffer, fed without waiting.
///
/// Publishing never blocks a run or the alert engine; an observer that falls behind by more than
/// ``bufferLimit`` events loses the oldest.
final class DaemonObservers: Sendable {
    /// Events kept per observer that has not read them yet.
    static let bufferLimit = 1000

    private let sinks = Mutex<(next: UInt64, continuations: [UInt64: AsyncStream<DaemonEvent>.Continuation])>((0, [:]))

    /// A new stream of the events from now on; it ends when the consumer stops reading it.
    func stream() -> AsyncStream<DaemonEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: DaemonEvent.self, bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        let id = sinks.withLock { state in
            state.next += 1
            state.continuations[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.sinks.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    /// Hands `event` to every observer.
    func publish(_ event: DaemonEvent) {
        let continuations = sinks.withLock { Array($0.continuations.values) }
        for continuation in continuations { continuation.yield(event) }
    }

    /// Ends every stream (the daemon stopped).
    func finish() {
        let continuations = sinks.withLock { state in
            defer { state.continuations = [:] }
            return Array(state.continuations.values)
        }
        for continuation in continuations { continuation.finish() }
    }
}

extension ServeDaemon {
    /// Every stored run and every alert notice from now on, until ``shutdown()``.
    ///
    ///     for await event in daemon.observe() {
    ///         if case .notice(let notice) = event { print(notice.summary) }
    ///     }
    nonisolated public func observe() -> AsyncStream<DaemonEvent> {
        alerts.observers.stream()
    }
}
