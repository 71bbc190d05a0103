import HistoryStore
import Logging
import MonitorCore
import Notify
import Probe

/// Delivers the durable outbox off the probe path: due entries are sent, each notifier on its
/// own so a hanging one delays no other, every attempt stored, failures retried with backoff
/// (after a restart too), rate-limited per notifier, and `alerts.fallback` used when one gives up.
actor NotificationOutbox {
    private let store: HistoryStore
    private var notifiers: NotifierSet
    private var specs: [String: NotifierSpec]
    private var fallback: String?
    private let clock: any ServiceClock
    private let metrics: ProbeMetrics
    private let logger: Logger
    private var limiter: NotifierRateLimiter
    private var wake: AsyncStream<Void>.Continuation?
    /// The delivery task of each notifier that is sending now.
    private var inFlight: [String: Task<Void, Never>] = [:]
    /// How long the loop sleeps at most when nothing is due, so entries queued by another process are seen.
    static let idlePoll: Duration = .seconds(5)

    init(store: HistoryStore, notifiers: NotifierSet, specs: [NotifierSpec], fallback: String?, clock: any ServiceClock,
         metrics: ProbeMetrics, logger: Logger, limiter: NotifierRateLimiter = NotifierRateLimiter()) {
        self.store = store
        self.limiter = limiter
        self.notifiers = notifiers
        self.specs = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.fallback = fallback
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }

    /// New notices were queued: look now rather than at the next poll.
    nonisolated func poke() {
        Task { await self.signal() }
    }

    private func signal() { wake?.yield() }

    /// Replaces the notifiers after a reload; the old set is shut down.
    func replace(notifiers: NotifierSet, specs: [NotifierSpec], fallback: String?) async {
        let old = self.notifiers
        let sending = Array(inFlight.values)
        self.notifiers = notifiers
        self.specs = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.fallback = fallback
        // Sends in flight finish on the old set before it shuts down.
        for task in sending { await task.value }
        await old.shutdown()
    }

    /// Waits for deliveries in flight, then shuts the notifiers' HTTP client down; once, when the daemon stops.
    func shutdown() async {
        for task in inFlight.values { await task.value }
        await notifiers.shutdown()
    }

    /// Runs until the task is cancelled.
    func run() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wake = continuation
        var wakes = stream.makeAsyncIterator()
        while !Task.isCancelled {
            await startDue()
            let now = clock.now()
            var wait = Self.idlePoll
            let store = self.store
            if let next = try? await Offload.run({ try store.nextNotificationDue() }) {
                let untilDue = Duration.milliseconds(next - clock.wallMilliseconds())
                // Due now but its notifier is busy: the delivery's end wakes this loop.
                if untilDue > .zero { wait = min(wait, untilDue) } else if inFlight.isEmpty { wait = .milliseconds(50) }
            }
            let sleeper = Task { [clock] in
                do { try await clock.sleep(until: now + wait) } catch { return }
                continuation.yield()
            }
            _ = await wakes.next()
            sleeper.cancel()
        }
    }

    /// Starts a delivery task for each notifier with entries due that is not already sending:
    /// a notifier that hangs holds up only its own entries. A notifier that was sending when the
    /// read began is left for the next pass (its end wakes the loop): the read may still see as
    /// pending an entry it has delivered since, and would send that entry twice.
    func startDue() async {
        let sendingBeforeRead = Set(inFlight.keys)
        let due: [OutboxEntry]
        do {
            let store = self.store, now = clock.wallMilliseconds()
            due = try await Offload.run { try store.dueNotifications(nowMs: now, limit: 200) }
        } catch {
            logger.error("could not read the outbox", metadata: ["error": "\(error)"])
            return
        }
        for (name, entries) in Dictionary(grouping: due, by: \.notifier)
        where inFlight[name] == nil && !sendingBeforeRead.contains(name) {
            let notifier = notifiers.notifier(named: name)
            inFlight[name] = Task {
                for entry in entries { await self.deliver(entry, with: notifier) }
                await self.finished(name)
            }
        }
    }

    private func finished(_ notifier: String) {
        inFlight[notifier] = nil
        wake?.yield()
    }

    private func deliver(_ entry: OutboxEntry, with notifier: (any AlertNotifier)?) async {
        let now = clock.wallMilliseconds()
        // Alertmanager is re-posted to while alerts fire and groups on its side: no rate limit.
        if specs[entry.notifier]?.type != "alertmanager", case .notBefore(let later) = limiter.admit(entry.notifier, now: now) {
            let store = self.store
            _ = try? await Offload.run { try store.postpone(outboxID: entry.id, untilMs: later) }
            return
        }
        let attemptNumber = entry.attempts + 1
        let outcome: NotificationOutcome
        if let notifier {
            // A retry skips the SMS recipients an earlier attempt reached.
            outcome = await notifier.send(entry.notice, skipping: Set(entry.deliveredParts))
        } else {
            outcome = .failed("no notifier named \(entry.notifier) is configured", latency: .zero, retryable: false)
        }
        let policy = NotificationRetryPolicy(retries: specs[entry.notifier]?.retries ?? 5,
                                             initialBackoff: specs[entry.notifier]?.backoff ?? .seconds(10))
        let next: OutboxNext
        if outcome.delivered {
            next = .delivered
        } else if outcome.retryable, let at = policy.nextAttempt(afterFailure: attemptNumber, now: clock.wallMilliseconds(), id: entry.id) {
            next = .retry(atMs: at)
        } else {
            next = .gaveUp
        }
        let attempt = NotificationAttempt(notifier: entry.notifier, attempt: attemptNumber, atMs: now,
                                          result: outcome.delivered ? .delivered : .failed, httpStatus: outcome.httpStatus,
                                          error: outcome.error, latencyMs: Double(outcome.latency.components.attoseconds) / 1e15
                                              + Double(outcome.latency.components.seconds) * 1000)
        do {
            let store = self.store
            try await Offload.run { try store.recordAttempt(attempt, outboxID: entry.id, next: next, deliveredParts: outcome.deliveredParts) }
        } catch {
            logger.error("could not store a notification attempt", metadata: ["notifier": "\(entry.notifier)", "error": "\(error)"])
        }
        switch next {
        case .delivered:
            metrics.notification(entry.notifier, result: "delivered")
        case .retry:
            metrics.notification(entry.notifier, result: "failed")
            logger.warning("notification failed; will retry", metadata: ["notifier": "\(entry.notifier)", "error": "\(outcome.error ?? "")"])
        case .gaveUp:
            metrics.notification(entry.notifier, result: "gave_up")
            logger.error("notification gave up", metadata: ["notifier": "\(entry.notifier)", "error": "\(outcome.error ?? "")"])
            if let fallback, fallback != entry.notifier {
                let queued = QueuedNotice(notifier: fallback, notice: entry.notice, dedupKey: "fallback:\(entry.id)", notBeforeMs: now)
                let store = self.store
                _ = try? await Offload.run { try store.queue([queued]) }
            }
        }
    }
}
