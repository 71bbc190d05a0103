import Dispatch

/// Runs blocking work (SQLite through GRDB, secret commands) on a dispatch queue, never on the
/// cooperative pool, and returns its result to the caller.
public enum Offload {
    private static let queue = DispatchQueue(label: "mailprobe.store", qos: .utility, attributes: .concurrent)

    private static let writes = DispatchQueue(label: "mailprobe.store.writes", qos: .utility)

    /// Like ``run(_:)``, on one serial queue: work handed over in order is done in that order.
    public static func inOrder<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            writes.async { continuation.resume(with: Result { try work() }) }
        }
    }

    public static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
