extension ProbeScheduler {
    /// Sets the jobs: the first call, and every reload.
    ///
    /// - Added jobs get a splayed first run in `[now, now + interval)`.
    /// - Removed jobs are never started again (queued runs of theirs are dropped); a running one is
    ///   left to finish and keeps its deadline.
    /// - A job whose interval changed is rescheduled from its last due: next due = last due + new
    ///   interval, or `now` when that has already passed (before its first run, "last due" is where
    ///   it would have been: the pending first due minus the old interval).
    /// - A changed deadline applies to runs started from now on.
    /// - Unchanged jobs are not disturbed.
    ///
    /// Throws, before changing anything, for a zero or negative interval or deadline, or a name
    /// given twice.
    public mutating func configure(_ newJobs: [Job], now: Duration) throws(ConfigurationError) -> [Action] {
        var seen: Set<String> = []
        for job in newJobs {
            guard seen.insert(job.name).inserted else { throw .duplicateJob(job.name) }
            guard job.interval > .zero else { throw .nonPositiveInterval(job: job.name) }
            guard job.runDeadline > .zero else { throw .nonPositiveDeadline(job: job.name) }
        }
        var next: [String: Scheduled] = [:]
        for job in newJobs {
            guard var scheduled = jobs[job.name] else {
                next[job.name] = Scheduled(job: job, nextDue: now + Self.splayOffset(for: job.name, interval: job.interval, seed: seed))
                continue
            }
            if scheduled.job.interval != job.interval {
                let lastDue = scheduled.lastDue ?? scheduled.nextDue - scheduled.job.interval
                scheduled.nextDue = max(lastDue + job.interval, now)
            }
            scheduled.job = job
            next[job.name] = scheduled
        }
        jobs = next
        queue.removeAll { jobs[$0.job] == nil }
        return finish(startQueued(now: now))
    }

    /// Where in its first interval a job's first run falls: FNV-1a (64-bit) over the name's UTF-8
    /// bytes, its basis xor-ed with `seed`, mixed by SplitMix64's finalizer, modulo the interval in
    /// nanoseconds. Stable across runs and platforms (unlike `hashValue`).
    public static func splayOffset(for name: String, interval: Duration, seed: UInt64) -> Duration {
        let span = nanoseconds(interval)
        guard span > 0 else { return .zero }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 31
        return .nanoseconds(Int64(hash % UInt64(span)))
    }
}
