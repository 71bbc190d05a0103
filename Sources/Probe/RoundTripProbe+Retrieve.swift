import IMAPClient
import IMAPCore
import MailCore
import MailTransport

extension RoundTripProbe {
    /// Where and when the probe message was found.
    struct Arrival {
        var uid: UInt32
        var firstSeen: ContinuousClock.Instant
        var session: IMAPConnection
        var mailbox: String
        var inJunk: Bool
    }

    func retrieve(_ message: ProbeMessage, submitted: ContinuousClock.Instant, accepted: ContinuousClock.Instant,
                  acceptedWallClock: Double,
                  poller: IMAPConnection, watcher: IMAPConnection, signals: ArrivalSignals,
                  into result: inout RoundTripResult) async {
        let arrival: Arrival
        do {
            guard let found = try await awaitArrival(message, since: submitted, accepted: accepted, poller: poller,
                                                     signals: signals) else {
                result.add(ProbeReason(.lost, .critical, phase: "delivery",
                                       message: "the probe message did not arrive within \(configuration.lostAfter.secondsText)"
                                           + (configuration.junkMailbox.map { " (not in \(configuration.mailbox) nor \($0))" } ?? "")))
                return
            }
            arrival = found
        } catch is CancellationError {
            result.add(ProbeReason(.timeout, .unknown, phase: "delivery", message: "cancelled while waiting for the probe message to arrive"))
            return
        } catch {
            result.add(ProbeReasons.reason(for: error, protocolName: "retrieve"))
            return
        }

        // Delivery: acceptance → first seen. A server that stores before answering the dot yields ~0.
        let delivery = accepted < arrival.firstSeen ? accepted.duration(to: arrival.firstSeen) : .zero
        result.phases.append(ProbePhase(name: "delivery", duration: delivery))
        result.firstSeenAfterAcceptance = delivery
        result.foundIn = arrival.mailbox
        if arrival.inJunk {
            result.add(ProbeReason(.junk, .critical, phase: "delivery",
                                   message: "the probe message was delivered to \(arrival.mailbox)"))
        }
        if delivery > configuration.lateAfter {
            result.add(ProbeReason(.late, .warning, phase: "delivery", value: delivery.milliseconds,
                                   limit: configuration.lateAfter.milliseconds,
                                   message: "the probe message arrived after \(delivery.secondsText), later than \(configuration.lateAfter.secondsText)"))
        }
        let watcherMode = await watcher.idleMode
        let seenBy = await signals.source(at: arrival.firstSeen)
        result.arrivalMode = watcherMode == .poll ? .poll : (seenBy == .watcher ? .idle : .idleAndPoll)
        if let search = await arrival.session.timings.last(where: { $0.phase == .search }) {
            result.phases.append(ProbePhase(name: "retrieve.search", duration: search.duration))
        }

        // Fetch and verify.
        do {
            let fetched = try await arrival.session.uidFetch(IMAPSequenceSet([arrival.uid]),
                                                             [.uid, .internalDate, .body(.complete, peek: true)])
            if let fetch = await arrival.session.timings.last(where: { $0.phase == .fetch }) {
                result.phases.append(ProbePhase(name: "retrieve.fetch", duration: fetch.duration))
            }
            guard let copy = fetched.first(where: { $0.uid == arrival.uid }), let bytes = copy.body(.complete) else {
                result.add(ProbeReason(.corrupted, .critical, phase: "retrieve.fetch",
                                       message: "UID FETCH returned no body for UID \(arrival.uid)"))
                return
            }
            result.internalDate = copy.internalDate?.rawValue
            if let problem = message.verify(bytes) {
                result.add(ProbeReason(.corrupted, .critical, phase: "retrieve.fetch", message: problem))
            }
            result.hops = ReceivedChain(message: bytes, submittedAt: acceptedWallClock).hops
        } catch {
            result.add(ProbeReasons.reason(for: error, protocolName: "retrieve"))
            return
        }

        // Cleanup: this probe, then probes that failed runs left behind.
        let cleanupStarted = ContinuousClock.now
        do {
            try await delete([arrival.uid], on: arrival.session)
            result.sweptMessages = try await sweep(arrival.session)
            result.phases.append(ProbePhase(name: "cleanup", duration: cleanupStarted.duration(to: .now)))
        } catch {
            result.add(ProbeReasons.reason(for: error as? IMAPError, protocolName: "cleanup"))
        }
        result.finishedAt = .now
        // The IDLE notification is reported, not waited for: whatever grace is left after cleanup.
        let graceLeft = configuration.notificationGrace - arrival.firstSeen.duration(to: .now)
        if let notified = await signals.firstInstant(from: .watcher, since: submitted, waitingUpTo: max(.zero, graceLeft)) {
            result.serverNotifiedAfterAcceptance = accepted < notified ? accepted.duration(to: notified) : .zero
        }
        if arrival.session !== poller {
            try? await arrival.session.logout()
        }
        try? await poller.logout()
        try? await watcher.stopIdle()
        try? await watcher.logout()
    }

    /// Polls fast, then slowly, until the token is found or the loss deadline passes.
    private func awaitArrival(_ message: ProbeMessage, since submitted: ContinuousClock.Instant,
                              accepted: ContinuousClock.Instant, poller: IMAPConnection,
                              signals: ArrivalSignals) async throws -> Arrival? {
        let lostAt = accepted + configuration.lostAfter
        let fastUntil = accepted + configuration.fastPollWindow
        var interval = Duration.milliseconds(3)
        var nextJunkCheck = fastUntil
        var searched: ContinuousClock.Instant?
        let key = IMAPSearchKey.header(ProbeMessage.tokenHeader, message.token)
        while true {
            // A daemon that stops or reschedules cancels the run: end within one wait (at most 1 s).
            try Task.checkCancellation()
            let now = ContinuousClock.now
            let fast = now < fastUntil
            if fast { try await poller.noop() }
            let news = await signals.latest(since: searched ?? submitted)
            // Search when something arrived, and regularly anyway (a server may not announce).
            if news != nil || searched == nil || searched!.duration(to: now) >= .seconds(fast ? 1 : 5) {
                let started = ContinuousClock.now
                let uids = try await poller.uidSearch(key)
                if let uid = uids.last {
                    // It arrived after the previous search missed it: the first news since then is when.
                    let firstSeen = await signals.first(since: searched ?? submitted) ?? ContinuousClock.now
                    return Arrival(uid: uid, firstSeen: firstSeen, session: poller, mailbox: configuration.mailbox, inJunk: false)
                }
                searched = started
            }
            if let junk = configuration.junkMailbox, now >= nextJunkCheck || now >= lostAt {
                nextJunkCheck = now + .seconds(15)
                if let found = try await searchJunk(junk, key: key) { return found }
            }
            if now >= lostAt { return nil }
            // Fine-grained first (most deliveries take milliseconds to a second), then coarser.
            let elapsed = accepted.duration(to: now)
            interval = !fast ? .seconds(1) : elapsed < .seconds(2) ? .milliseconds(3) : min(interval * 3 / 2, .milliseconds(250))
            await signals.wait(upTo: min(interval, now.duration(to: lostAt) + .milliseconds(1)))
        }
    }

    /// Looks in the junk folder on a session of its own (the poller stays on the mailbox).
    private func searchJunk(_ junk: String, key: IMAPSearchKey) async throws -> Arrival? {
        let session = IMAPConnection(configuration: configuration.imap)
        try await session.connect()
        do {
            try await session.select(junk)
        } catch {
            await session.close()
            if error.code == .no { return nil }  // no such folder: nothing can be in it
            throw error
        }
        if let uid = try await session.uidSearch(key).last {
            return Arrival(uid: uid, firstSeen: .now, session: session, mailbox: junk, inJunk: true)
        }
        try? await session.logout()
        return nil
    }

    func delete(_ uids: [UInt32], on session: IMAPConnection) async throws(IMAPError) {
        let set = IMAPSequenceSet(uids)
        try await session.uidStore(set, .add([.deleted], silent: true))
        try await session.expunge(uids: set)
    }

    /// Deletes probe messages older than ``RoundTripConfiguration/sweepOlderThan`` (failed runs' leftovers).
    private func sweep(_ session: IMAPConnection) async throws -> Int {
        let candidates = try await session.uidSearch(.header(ProbeMessage.tokenHeader, ""))
        guard !candidates.isEmpty else { return 0 }
        let fetched = try await session.uidFetch(IMAPSequenceSet(candidates), [.uid, .internalDate])
        let cutoff = Int64(ProbeClock.unixNow()) - Int64(configuration.sweepOlderThan.components.seconds)
        let old = fetched.compactMap { fetch -> UInt32? in
            guard let uid = fetch.uid, let date = fetch.internalDate, date.unixTime < cutoff else { return nil }
            return uid
        }
        guard !old.isEmpty else { return 0 }
        try await delete(old, on: session)
        return old.count
    }
}

extension Duration {
    var secondsText: String {
        let ms = milliseconds
        return ms >= 1000 ? "\((ms / 10).rounded() / 100) s" : "\((ms * 10).rounded() / 10) ms"
    }
}
