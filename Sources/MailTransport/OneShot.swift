import Synchronization

/// A value delivered once, by whichever of several racers comes first
/// (a worker thread, a timer, a cancellation), to one awaiting task.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var continuation: UnsafeContinuation<Value, Never>?
    }

    private let state = Mutex(State())

    init() {}

    /// Delivers `value` unless a value was already delivered.
    func fulfil(_ value: Value) {
        let continuation: UnsafeContinuation<Value, Never>? = state.withLock { state in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: value)
    }

    /// Waits for the value; cancellation delivers `cancelled` (first one wins).
    func wait(cancelled: Value) async -> Value {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Value, Never>) in
                let ready: Value? = state.withLock { state in
                    if let value = state.value { return value }
                    state.continuation = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            fulfil(cancelled)
        }
    }
}
