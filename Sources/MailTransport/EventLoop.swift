import COpenSSL
import Glibc
import Synchronization

/// The one epoll thread that multiplexes every socket of the process.
///
/// Tasks make non-blocking system calls themselves. Only when a call would
/// block do they ``wait(_:for:deadline:)``: the loop arms the descriptor
/// (`EPOLLONESHOT`, level-triggered, re-armed by whoever installs a waiter)
/// and resumes the suspended task when the descriptor is ready, when the
/// deadline passes, or at once when the task is cancelled. The epoll token is
/// the registration id, never the descriptor, so a descriptor number reused
/// after `close` can never resume the wrong waiter. A descriptor may have a
/// read waiter and a write waiter at once (IMAP reads while it writes).
/// Deadlines sit in a min-heap with lazy deletion; the nearest one is
/// epoll_wait's timeout, and an eventfd wakes the loop when an earlier one arrives.
final class EventLoop: Sendable {
    /// Which readiness a waiter needs.
    enum Interest: Sendable {
        case read, write
    }

    /// How a wait ended.
    enum WaitOutcome: Sendable, Equatable {
        /// The descriptor is ready (or in error): retry the system call.
        case ready
        case timedOut
        case cancelled
        /// The descriptor was deregistered (closed) while waiting.
        case deregistered
    }

    /// The process-wide loop, started on first use.
    static let shared = EventLoop()

    private struct Waiter {
        var waitID: UInt64
        var continuation: UnsafeContinuation<WaitOutcome, Never>
    }

    private struct Entry {
        var fd: Int32
        /// Usually at most one each; TLS may briefly add a second (a write
        /// that needs to read while a read is pending, or the reverse).
        var readers: [Waiter] = []
        var writers: [Waiter] = []

        var isIdle: Bool { readers.isEmpty && writers.isEmpty }

        /// Removes and returns the waiter with `waitID`, if still present.
        mutating func take(_ waitID: UInt64, _ interest: Interest) -> Waiter? {
            switch interest {
            case .read:
                guard let index = readers.firstIndex(where: { $0.waitID == waitID }) else { return nil }
                return readers.remove(at: index)
            case .write:
                guard let index = writers.firstIndex(where: { $0.waitID == waitID }) else { return nil }
                return writers.remove(at: index)
            }
        }

        func has(_ waitID: UInt64, _ interest: Interest) -> Bool {
            switch interest {
            case .read: readers.contains { $0.waitID == waitID }
            case .write: writers.contains { $0.waitID == waitID }
            }
        }
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var deadlines = DeadlineHeap()
        var nextID: UInt64 = 1
    }

    private static let wakeToken: UInt64 = 0
    private let epollFD: Int32
    private let wakeFD: Int32
    private let state = Mutex(State())

    private init() {
        // OpenSSL writes with write(2): a peer reset must not kill the process.
        _ = signal(SIGPIPE, SIG_IGN)
        epollFD = mailprobe_epoll_create()
        wakeFD = mailprobe_eventfd()
        precondition(epollFD >= 0 && wakeFD >= 0, "epoll/eventfd: \(errnoText(errno))")
        let added = mailprobe_epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, EPOLLIN.rawValue, Self.wakeToken)
        precondition(added == 0, "epoll_ctl(eventfd): \(errnoText(errno))")
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            let loop = Unmanaged<EventLoop>.fromOpaque(context!).takeUnretainedValue()
            loop.run()
        }, context)
        precondition(created == 0, "pthread_create: \(errnoText(created))")
        pthread_detach(thread)
    }

    // MARK: - Registration

    /// Adds `fd` (disarmed) to the loop; returns its registration id or the errno.
    func register(_ fd: Int32) -> Result<UInt64, Errno> {
        state.withLock { state in
            let id = state.nextID
            state.nextID &+= 1
            guard mailprobe_epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, EPOLLONESHOT.rawValue, id) == 0 else {
                return .failure(Errno(errno))
            }
            state.entries[id] = Entry(fd: fd)
            return .success(id)
        }
    }

    /// Removes a registration; its pending waiters end with `.deregistered`.
    /// Call before closing the descriptor.
    func deregister(_ id: UInt64) {
        let waiters: [Waiter] = state.withLock { state in
            guard let entry = state.entries.removeValue(forKey: id) else { return [] }
            _ = mailprobe_epoll_ctl(epollFD, EPOLL_CTL_DEL, entry.fd, 0, id)
            return entry.readers + entry.writers
        }
        for waiter in waiters {
            waiter.continuation.resume(returning: .deregistered)
        }
    }

    // MARK: - Waiting

    /// Suspends until the registered descriptor is ready for `interest`,
    /// `deadline` passes (nil = never), the task is cancelled, or the
    /// registration goes away.
    func wait(_ id: UInt64, for interest: Interest, deadline: ContinuousClock.Instant?) async -> WaitOutcome {
        if let deadline, deadline <= .now { return .timedOut }
        let waitID = state.withLock { state in
            state.nextID &+= 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<WaitOutcome, Never>) in
                let (immediate, wake) = install(
                    Waiter(waitID: waitID, continuation: continuation), id: id, interest: interest, deadline: deadline
                )
                if let immediate { continuation.resume(returning: immediate) }
                if wake { wakeUp() }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard var entry = state.entries[id] else { return nil }
                let taken = entry.take(waitID, interest)
                state.entries[id] = entry
                return taken
            }
            waiter?.continuation.resume(returning: .cancelled)
        }
    }

    /// Installs a waiter and arms the descriptor. Returns an outcome to resume
    /// with at once (the waiter was not installed) and whether to wake the loop.
    private func install(_ waiter: Waiter, id: UInt64, interest: Interest, deadline: ContinuousClock.Instant?) -> (WaitOutcome?, Bool) {
        state.withLock { state in
            // A cancellation handler that ran before this point found no waiter.
            if Task.isCancelled { return (.cancelled, false) }
            guard var entry = state.entries[id] else { return (.deregistered, false) }
            switch interest {
            case .read: entry.readers.append(waiter)
            case .write: entry.writers.append(waiter)
            }
            guard arm(entry, id: id) else {
                // The descriptor is unusable: let the caller's next system call report why.
                return (.ready, false)
            }
            state.entries[id] = entry
            guard let deadline else { return (nil, false) }
            let earliest = state.deadlines.push(.init(deadline: deadline, registration: id, waitID: waiter.waitID, interest: interest))
            if state.deadlines.count > 1024 && state.deadlines.count > 4 * state.entries.count {
                let entries = state.entries
                state.deadlines.compact { item in
                    entries[item.registration]?.has(item.waitID, item.interest) ?? false
                }
            }
            return (nil, earliest)
        }
    }

    /// Re-arms the one-shot registration with the interests of the present waiters.
    private func arm(_ entry: Entry, id: UInt64) -> Bool {
        var events = EPOLLONESHOT.rawValue
        if !entry.readers.isEmpty { events |= EPOLLIN.rawValue }
        if !entry.writers.isEmpty { events |= EPOLLOUT.rawValue }
        return mailprobe_epoll_ctl(epollFD, EPOLL_CTL_MOD, entry.fd, events, id) == 0
    }

    private func wakeUp() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }

    // MARK: - The loop

    private func run() -> Never {
        let capacity = 64
        var tokens = [UInt64](repeating: 0, count: capacity)
        var events = [UInt32](repeating: 0, count: capacity)
        var resumptions: [(UnsafeContinuation<WaitOutcome, Never>, WaitOutcome)] = []
        while true {
            let timeout = state.withLock { state in Self.timeoutMillis(until: state.deadlines.first?.deadline) }
            let count = mailprobe_epoll_wait(epollFD, &tokens, &events, Int32(capacity), timeout)
            if count < 0 {
                precondition(errno == EINTR, "epoll_wait: \(errnoText(errno))")
                continue
            }
            var drainWake = false
            state.withLock { state in
                for index in 0..<Int(count) {
                    let token = tokens[index]
                    if token == Self.wakeToken {
                        drainWake = true
                        continue
                    }
                    guard var entry = state.entries[token] else { continue }
                    let ready = events[index]
                    let failed = ready & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
                    if failed || ready & EPOLLIN.rawValue != 0 {
                        for reader in entry.readers { resumptions.append((reader.continuation, .ready)) }
                        entry.readers.removeAll()
                    }
                    if failed || ready & EPOLLOUT.rawValue != 0 {
                        for writer in entry.writers { resumptions.append((writer.continuation, .ready)) }
                        entry.writers.removeAll()
                    }
                    state.entries[token] = entry
                    if !entry.isIdle {
                        _ = arm(entry, id: token)
                    }
                }
                let now = ContinuousClock.now
                while let first = state.deadlines.first, first.deadline <= now {
                    _ = state.deadlines.popFirst()
                    guard var entry = state.entries[first.registration],
                          let waiter = entry.take(first.waitID, first.interest) else { continue }
                    resumptions.append((waiter.continuation, .timedOut))
                    state.entries[first.registration] = entry
                }
            }
            if drainWake {
                var value: UInt64 = 0
                _ = Glibc.read(wakeFD, &value, MemoryLayout<UInt64>.size)
            }
            for (continuation, outcome) in resumptions {
                continuation.resume(returning: outcome)
            }
            resumptions.removeAll(keepingCapacity: true)
        }
    }

    /// epoll_wait timeout: milliseconds until `deadline`, rounded up; -1 for none.
    private static func timeoutMillis(until deadline: ContinuousClock.Instant?) -> Int32 {
        guard let deadline else { return -1 }
        let (seconds, attoseconds) = ContinuousClock.now.duration(to: deadline).components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: millis)
    }
}
