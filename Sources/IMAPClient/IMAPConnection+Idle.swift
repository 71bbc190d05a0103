import IMAPCore
import MailCore
import MailTransport

extension IMAPConnection {
    /// Starts waiting for news: IDLE where offered (RFC 2177), re-issued every
    /// ``IMAPClientConfiguration/idleRefreshInterval`` and after
    /// ``IMAPClientConfiguration/idleSilenceLimit`` without a byte from the
    /// server (the watchdog: a dead connection then fails on the re-issue's
    /// timeout); else NOOP polling every ``IMAPClientConfiguration/pollInterval``.
    /// News arrives on ``notifications``.
    public func startIdle() async throws(IMAPError) {
        guard idleMode == nil else { return }
        if machine.has(.idle) {
            try await enterIdle()
            idleMode = .idle
            idleRefreshTask = Task { [weak self] in
                var issued = ContinuousClock.now
                while !Task.isCancelled {
                    guard let due = await self?.idleCheckDue(issuedAt: issued) else { return }
                    if due > .now {
                        // Bytes may arrive meanwhile and move the deadline: look again after sleeping.
                        try? await Task.sleep(until: due, clock: .continuous)
                        continue
                    }
                    guard !Task.isCancelled, let self else { return }
                    do {
                        try await self.reissueIdle(issuedAt: issued)
                    } catch {
                        return
                    }
                    issued = .now
                }
            }
        } else {
            idleMode = .poll
            note("the server does not offer IDLE: polling with NOOP every \(configuration.pollInterval.secondsText)")
            let interval = configuration.pollInterval
            pollTask = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    guard !Task.isCancelled, let self else { return }
                    do {
                        try await self.noop()
                    } catch {
                        return
                    }
                }
            }
        }
    }

    /// Stops waiting for news: DONE and its completion, or the end of polling.
    public func stopIdle() async throws(IMAPError) {
        defer { idleMode = nil }
        if let refresh = idleRefreshTask {
            idleRefreshTask = nil
            refresh.cancel()
            // A re-issue in progress ends first: it stops between DONE and IDLE, or its IDLE is
            // answered and left below; either way no IDLE goes out after this returns.
            await refresh.value
        }
        pollTask?.cancel()
        pollTask = nil
        if idleMode == .idle { try await leaveIdle() }
    }

    /// Idles for `duration` and returns the news that arrived, each with its instant.
    public func watch(for duration: Duration) async throws(IMAPError) -> IMAPWatchResult {
        let started = ContinuousClock.now
        let collector = Task { [notifications] in
            var events: [IMAPNotificationEvent] = []
            for await event in notifications where event.instant >= started {
                events.append(event)
            }
            return events
        }
        try await startIdle()
        let mode = idleMode ?? .idle
        try? await Task.sleep(until: started + duration)
        try await stopIdle()
        collector.cancel()
        return IMAPWatchResult(mode: mode, started: started, events: await collector.value)
    }

    /// `tag IDLE`, then wait for the server's `+`.
    private func enterIdle() async throws(IMAPError) {
        let encoder = IMAPCommandEncoder(options: .init(capabilities: capabilities))
        let tag = try await begin(.idle) { (tag: String) throws(IMAPError) -> Encoded in
            try Self.encode(.idle, tag: tag, with: encoder, phase: .idle)
        }
        idleTag = tag
        let accepted = await nextContinuation(for: tag)
        releaseWriteLock()
        if accepted == nil {
            idleTag = nil
            let completion = try await completion(of: tag)
            try requireOK(completion, "IDLE refused", command: "IDLE")
            throw IMAPError(.protocolViolation, phase: .idle, message: "IDLE ended before it started")
        }
    }

    /// `DONE`, then wait for IDLE's tagged completion.
    private func leaveIdle() async throws(IMAPError) {
        guard let tag = idleTag else { return }
        idleTag = nil
        guard machine.endIdle() else { return }
        await acquireWriteLock()
        do {
            try await writeChecked(IMAPCommandEncoder.idleDone, redacted: "DONE", phase: .idle)
        } catch {
            releaseWriteLock()
            throw error
        }
        releaseWriteLock()
        let completion = try await completion(of: tag)
        try requireOK(completion, "IDLE ended with an error", command: "IDLE")
    }

    /// When IDLE must next be re-issued: at the refresh interval (RFC 2177: at
    /// least every 29 minutes), or earlier when the server has been silent too long.
    private func idleCheckDue(issuedAt issued: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let heard = max(lastReadAt ?? issued, issued)
        return min(issued + configuration.idleRefreshInterval, heard + configuration.idleSilenceLimit)
    }

    private func reissueIdle(issuedAt issued: ContinuousClock.Instant) async throws(IMAPError) {
        let now = ContinuousClock.now
        if now < issued + configuration.idleRefreshInterval {
            note("no word from the server for \(configuration.idleSilenceLimit.secondsText): re-issuing IDLE to check the connection")
        }
        try await leaveIdle()
        guard !Task.isCancelled else { return }  // stopIdle() is waiting: do not idle again
        try await enterIdle()
    }

    // MARK: - Trace and events

    func note(_ text: String) {
        if configuration.recordsTrace {
            TraceEntry.add(TraceEntry(offset: startedAt.duration(to: .now), direction: .note, text: text), to: &trace)
        }
    }

    func recordSent(_ text: String, at instant: ContinuousClock.Instant) {
        if configuration.recordsTrace {
            appendToTrace(TraceEntry(offset: startedAt.duration(to: instant), direction: .sent, text: text))
        }
        observe(.lineSent(text), at: instant)
    }

    /// Keeps the trace in time order: a writer resumes after the reader may already
    /// have recorded the reply to what it wrote, which must not come first.
    private func appendToTrace(_ entry: TraceEntry) {
        TraceEntry.add(entry, to: &trace)
    }

    /// Records a response's bytes as lines, literals summarised as `{N bytes}` unless asked for.
    func recordReceived(_ raw: ArraySlice<UInt8>, at instant: ContinuousClock.Instant) {
        for line in IMAPTraceLines.lines(of: raw, showingLiterals: configuration.tracesLiterals) {
            if configuration.recordsTrace {
                appendToTrace(TraceEntry(offset: startedAt.duration(to: instant), direction: .received, text: line))
            }
            observe(.lineReceived(line), at: instant)
        }
    }

    func observe(_ kind: @autoclosure () -> ConnectionEvent.Kind, at instant: ContinuousClock.Instant = .now) {
        guard let observer = configuration.observer, let transport else { return }
        observer.record(ConnectionEvent(instant: instant, connectionID: transport.id, kind: kind()))
    }
}

/// Splits a response into trace lines, replacing literal contents by their size.
enum IMAPTraceLines {
    static func lines(of raw: ArraySlice<UInt8>, showingLiterals: Bool) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "\n") {
                if current.last == UInt8(ascii: "\r") { current.removeLast() }
                // As the framer decides: `{n}` inside a quoted string is text.
                let count = IMAPFramer.endsInQuotedString(current) ? nil : literalLength(endingLine: current)
                lines.append(String(decoding: current, as: UTF8.self))
                current = []
                index += 1
                if let count {
                    // A hostile size (`{9223372036854775807}`) must not overflow.
                    let end = count >= raw.endIndex - index ? raw.endIndex : index + count
                    if showingLiterals {
                        current = Array(raw[index..<end])
                    } else {
                        current = Array("[\(count) bytes]".utf8)
                    }
                    index = end
                }
                continue
            }
            current.append(byte)
            index += 1
        }
        if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
        return lines
    }

    /// `n` when a line ends with `{n}`, `{n+}` or `~{n}`.
    private static func literalLength(endingLine line: [UInt8]) -> Int? {
        guard line.last == UInt8(ascii: "}"), let open = line.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        var digits = line[(open + 1)..<(line.count - 1)]
        if digits.last == UInt8(ascii: "+") { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.count <= 19, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}

/// What ``IMAPConnection/watch(for:)`` saw.
public struct IMAPWatchResult: Sendable {
    public var mode: IMAPConnection.IdleMode
    public var started: ContinuousClock.Instant
    public var events: [IMAPNotificationEvent]
}
