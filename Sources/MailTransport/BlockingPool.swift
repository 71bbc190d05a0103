import Glibc

/// A few dedicated threads for blocking calls (getaddrinfo).
///
/// Such calls must never run on the event-loop thread nor on Swift's
/// cooperative pool. Four threads bound how many lookups run at once; the rest
/// queue. A lookup that outlives its caller's deadline keeps its thread until
/// it returns, and its result is dropped.
final class BlockingPool: @unchecked Sendable {
    static let shared = BlockingPool(threadCount: 4)

    // `jobs` is guarded by `mutex`; the pointers are never freed (process lifetime).
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var jobs: [@Sendable () -> Void] = []

    private init(threadCount: Int) {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for _ in 0..<threadCount {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let created = pthread_create(&thread, nil, { context in
                let pool = Unmanaged<BlockingPool>.fromOpaque(context!).takeUnretainedValue()
                pool.work()
            }, context)
            precondition(created == 0, "pthread_create: \(errnoText(created))")
            pthread_detach(thread)
        }
    }

    /// Runs `job` on one of the pool's threads.
    func submit(_ job: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(mutex)
        jobs.append(job)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    private func work() -> Never {
        while true {
            pthread_mutex_lock(mutex)
            while jobs.isEmpty {
                pthread_cond_wait(condition, mutex)
            }
            let job = jobs.removeFirst()
            pthread_mutex_unlock(mutex)
            job()
        }
    }
}
