/// EXISTS instants from the two IMAP sessions of a round trip, and a way to
/// wait for the next one with a timeout.
actor ArrivalSignals {
    enum Source: Sendable {
        case watcher
        case poller
    }

    private var events: [(source: Source, instant: ContinuousClock.Instant)] = []
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0

    func record(_ source: Source, at instant: ContinuousClock.Instant) {
        events.append((source, instant))
        wake()
    }

    /// The latest instant at or after `since`, if any.
    func latest(since: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        events.filter { $0.instant >= since }.map(\.instant).max()
    }

    /// The earliest instant at or after `since`, if any.
    func first(since: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        events.filter { $0.instant >= since }.map(\.instant).min()
    }

    /// Which session reported `instant`.
    func source(at instant: ContinuousClock.Instant) -> Source? {
        events.first { $0.instant == instant }?.source
    }

    /// The first instant from `source` since `since`, waiting up to `grace` for one.
    func firstInstant(from source: Source, since: ContinuousClock.Instant, waitingUpTo grace: Duration) async -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + grace
        while true {
            if let found = events.filter({ $0.source == source && $0.instant >= since }).map(\.instant).min() {
                return found
            }
            let now = ContinuousClock.now
            guard now < deadline else { return nil }
            await wait(upTo: now.duration(to: deadline))
        }
    }

    /// Returns at the next recorded event or after `limit`, whichever is first.
    func wait(upTo limit: Duration) async {
        generation += 1
        let mine = generation
        let timer = Task { [weak self] in
            try? await Task.sleep(for: limit)
            await self?.timeout(mine)
        }
        await withCheckedContinuation { continuation in
            waiter = continuation
        }
        timer.cancel()
    }

    private func timeout(_ expected: Int) {
        guard generation == expected else { return }
        wake()
    }

    private func wake() {
        generation += 1
        waiter?.resume()
        waiter = nil
    }
}
