import Glibc

/// Runs a program with bytes on its standard input, a deadline and bounded output; blocking, so call it on a dedicated thread.
///
/// The program gets its own process group; at the deadline the group gets SIGTERM, and SIGKILL after
/// the grace period. Standard output and error are kept up to `outputLimit` bytes each, the rest read and dropped.
enum CommandRunner {
    struct Result: Sendable, Hashable {
        enum Termination: Sendable, Hashable {
            case exited(Int32)
            case signaled(Int32)
            /// The deadline passed; it was sent SIGTERM (and SIGKILL when it did not stop).
            case timedOut(killed: Bool)
            case spawnFailed(Int32)
        }

        var termination: Termination
        var output: [UInt8]
        var errorOutput: [UInt8]
    }

    static func run(path: String, arguments: [String], environment: [String], input: [UInt8], timeout: Duration,
                    killGrace: Duration, outputLimit: Int) -> Result {
        // A write to a pipe whose reader is gone raises SIGPIPE at this thread: block it here; write returns EPIPE.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)

        var stdinPipe: [Int32] = [-1, -1], stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard pipe(&stdinPipe) == 0 else { return Result(termination: .spawnFailed(errno), output: [], errorOutput: []) }
        guard pipe(&stdoutPipe) == 0 else {
            let code = errno
            close(stdinPipe[0]); close(stdinPipe[1])
            return Result(termination: .spawnFailed(code), output: [], errorOutput: [])
        }
        guard pipe(&stderrPipe) == 0 else {
            let code = errno
            for fd in stdinPipe + stdoutPipe { close(fd) }
            return Result(termination: .spawnFailed(code), output: [], errorOutput: [])
        }
        for fd in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, &attributes, &argv, &envp)
        close(stdinPipe[0]); close(stdoutPipe[1]); close(stderrPipe[1])
        guard spawned == 0 else {
            close(stdinPipe[1]); close(stdoutPipe[0]); close(stderrPipe[0])
            return Result(termination: .spawnFailed(spawned), output: [], errorOutput: [])
        }

        var output: [UInt8] = [], errorOutput: [UInt8] = []
        var pending = input[...]
        var writer: Int32? = stdinPipe[1]
        if pending.isEmpty { close(stdinPipe[1]); writer = nil }
        var readers: [Int32] = [stdoutPipe[0], stderrPipe[0]]
        let deadline = ContinuousClock.now + timeout
        var killDeadline: ContinuousClock.Instant?
        var timedOut = false, killed = false
        var status: Int32 = 0
        var reaped = false
        var chunk = [UInt8](repeating: 0, count: 4096)

        while !reaped {
            let now = ContinuousClock.now
            if !timedOut, now >= deadline {
                timedOut = true
                kill(-pid, SIGTERM)
                killDeadline = now + killGrace
            }
            if let killDeadline, !killed, now >= killDeadline {
                killed = true
                kill(-pid, SIGKILL)
            }
            var fds = readers.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if let writer { fds.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
            // Short waits: the child's exit is checked between them (WNOHANG), so no wait ever blocks for long.
            _ = poll(&fds, nfds_t(fds.count), fds.isEmpty ? 0 : 10)
            for entry in fds where entry.revents != 0 {
                if entry.fd == writer {
                    let count = pending.withUnsafeBytes { write(entry.fd, $0.baseAddress, $0.count) }
                    if count > 0 { pending = pending.dropFirst(count) }
                    if pending.isEmpty || (count < 0 && errno != EAGAIN && errno != EINTR) {
                        close(entry.fd)
                        writer = nil
                    }
                    continue
                }
                let count = chunk.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if entry.fd == stdoutPipe[0] {
                        output += chunk[0..<min(count, max(0, outputLimit - output.count))]
                    } else {
                        errorOutput += chunk[0..<min(count, max(0, outputLimit - errorOutput.count))]
                    }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    readers.removeAll { $0 == entry.fd }
                    close(entry.fd)
                }
            }
            if readers.isEmpty, writer == nil { usleep(5_000) }
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno != EINTR) { reaped = true }
        }
        if let writer { close(writer) }
        for fd in readers {
            // Whatever the exited child left in the pipes.
            while true {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                if fd == stdoutPipe[0] {
                    output += chunk[0..<min(count, max(0, outputLimit - output.count))]
                } else {
                    errorOutput += chunk[0..<min(count, max(0, outputLimit - errorOutput.count))]
                }
            }
            close(fd)
        }
        if timedOut { return Result(termination: .timedOut(killed: killed), output: output, errorOutput: errorOutput) }
        let signal = status & 0x7F
        if signal != 0 { return Result(termination: .signaled(signal), output: output, errorOutput: errorOutput) }
        return Result(termination: .exited((status >> 8) & 0xFF), output: output, errorOutput: errorOutput)
    }

    /// The program's path: as given when it holds a `/`, else the first executable match in `PATH`.
    static func resolve(_ program: String, path: String?) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for directory in directories where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            var info = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { return candidate }
        }
        return nil
    }
}
