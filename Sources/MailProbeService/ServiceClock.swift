import Probe

/// The daemon's two clocks, injected: monotonic time for the scheduler, wall time for
/// records and alerts. Tests drive both with a manual clock.
public protocol ServiceClock: Sendable {
    /// Monotonic time since an arbitrary origin.
    func now() -> Duration
    /// Suspends until `now() >= deadline`; throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Duration) async throws
    /// Wall-clock Unix milliseconds.
    func wallMilliseconds() -> Int64
}

/// `ContinuousClock` and `CLOCK_REALTIME`.
public struct SystemServiceClock: ServiceClock {
    private let origin = ContinuousClock.now

    public init() {}

    public func now() -> Duration { origin.duration(to: .now) }

    public func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: origin + deadline, clock: .continuous)
    }

    public func wallMilliseconds() -> Int64 { ProbeExecution.systemWallClock() }
}
