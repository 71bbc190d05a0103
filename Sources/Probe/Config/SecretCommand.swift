import Glibc
import MailTransport

/// Runs a secret command (`/bin/sh -c COMMAND`) with a deadline and returns its standard output.
///
/// Standard input is `/dev/null`; the command gets its own process group, which
/// is killed as a whole when the deadline passes. Standard output is returned
/// and never shown; only the first line of standard error goes into errors.
enum SecretCommand {
    enum Failure: Error, CustomStringConvertible {
        case spawnFailed(Int32)
        case timedOut(Duration)
        case outputTooLarge(Int)
        case exited(status: Int32, stderr: String)
        case killed(signal: Int32, stderr: String)

        var description: String {
            switch self {
            case .spawnFailed(let code): "cannot run the command: \(String(cString: strerror(code)))"
            case .timedOut(let limit): "the command did not finish within \(ConfigDuration.format(limit)); it was killed"
            case .outputTooLarge(let limit): "the command printed more than \(limit) bytes"
            case .exited(let status, let stderr): "the command exited with status \(status)" + (stderr.isEmpty ? "" : ": \(stderr)")
            case .killed(let signal, let stderr): "the command was killed by signal \(signal)" + (stderr.isEmpty ? "" : ": \(stderr)")
            }
        }
    }

    static func run(_ command: String, timeout: Duration, maximumOutput: Int) -> Result<[UInt8], Failure> {
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        guard pipe(&stdoutPipe) == 0 else { return .failure(.spawnFailed(errno)) }
        guard pipe(&stderrPipe) == 0 else {
            let code = errno
            close(stdoutPipe[0]); close(stdoutPipe[1])
            return .failure(.spawnFailed(code))
        }
        // Not inherited by other children (dup2 in the spawn clears the flag on 1 and 2).
        for fd in stdoutPipe + stderrPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group (killed whole on timeout); default signal handling and an
        // empty mask, whatever the probe process ignores (SIGPIPE) or blocks.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard spawned == 0 else {
            close(stdoutPipe[0]); close(stderrPipe[0])
            return .failure(.spawnFailed(spawned))
        }

        var output: [UInt8] = []
        var errorOutput: [UInt8] = []
        var failure: Failure?
        let deadline = ContinuousClock.now + timeout
        var open: [Int32] = [stdoutPipe[0], stderrPipe[0]]
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !open.isEmpty, failure == nil {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { failure = .timedOut(timeout); break }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(left.milliseconds.rounded(.up), 60_000)))
            if ready < 0 {
                if errno == EINTR { continue }
                failure = .spawnFailed(errno)
                break
            }
            for entry in fds where entry.revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if entry.fd == stdoutPipe[0] {
                        output += chunk[0..<count]
                        if output.count > maximumOutput { failure = .outputTooLarge(maximumOutput) }
                    } else if errorOutput.count < 4096 {
                        errorOutput += chunk[0..<count]
                    }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        // The group is killed only while its leader is unreaped, so its id cannot have been reused.
        if failure != nil { kill(-pid, SIGKILL) }
        close(stdoutPipe[0])
        close(stderrPipe[0])

        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { break }
            if reaped == 0, failure == nil, ContinuousClock.now >= deadline {
                // Closed its output but still running.
                failure = .timedOut(timeout)
                kill(-pid, SIGKILL)
            }
            if reaped == 0 { usleep(2_000) }
        }
        // Scrub the copy we no longer need.
        if failure != nil || status != 0 { for index in output.indices { output[index] = 0 } }
        if let failure { return .failure(failure) }

        let stderrLine = firstLine(errorOutput)
        let signal = status & 0x7F
        if signal != 0 { return .failure(.killed(signal: signal, stderr: stderrLine)) }
        let exitStatus = (status >> 8) & 0xFF
        if exitStatus != 0 { return .failure(.exited(status: exitStatus, stderr: stderrLine)) }
        return .success(output)
    }

    /// Standard error's first non-empty line, at most 200 characters.
    static func firstLine(_ bytes: [UInt8]) -> String {
        let line = bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).first ?? []
        let text = String(decoding: line, as: UTF8.self).filter { !$0.isASCII || $0.asciiValue! >= 0x20 }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

/// Runs blocking work on a thread of its own, never on Swift's cooperative pool.
enum DedicatedThread {
    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let job = Job { continuation.resume(returning: body()) }
            var thread = pthread_t()
            let context = Unmanaged.passRetained(job).toOpaque()
            let created = pthread_create(&thread, nil, { context in
                let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                job.body()
                return nil
            }, context)
            if created == 0 {
                pthread_detach(thread)
            } else {
                Unmanaged<Job>.fromOpaque(context).release()
                continuation.resume(returning: body())
            }
        }
    }
}
