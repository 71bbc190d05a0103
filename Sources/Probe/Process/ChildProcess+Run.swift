import Glibc

extension ChildProcess {
    /// Starts the program, writes its input, collects its output and reaps it; blocks until it is gone.
    public static func run(_ request: Request) -> Result {
        let writesInput = !request.input.isEmpty
        // A write to a pipe whose reader is gone raises SIGPIPE at this thread: blocked while we write, write returns EPIPE.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previousMask = sigset_t()
        if writesInput { pthread_sigmask(SIG_BLOCK, &pipeSignal, &previousMask) }
        defer { if writesInput { restore(previousMask, discarding: pipeSignal) } }

        guard let stdout = makePipe() else { return Result(termination: .spawnFailed(errno)) }
        guard let stderr = makePipe() else {
            let code = errno
            close(stdout.read); close(stdout.write)
            return Result(termination: .spawnFailed(code))
        }
        var stdin: (read: Int32, write: Int32)?
        if writesInput {
            guard let made = makePipe() else {
                let code = errno
                for fd in [stdout.read, stdout.write, stderr.read, stderr.write] { close(fd) }
                return Result(termination: .spawnFailed(code))
            }
            stdin = made
        }
        for fd in [stdout.read, stderr.read] + (stdin.map { [$0.write] } ?? []) {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }

        let spawned = spawn(request, stdin: stdin?.read, stdout: stdout.write, stderr: stderr.write)
        for fd in [stdout.write, stderr.write] + (stdin.map { [$0.read] } ?? []) { close(fd) }
        switch spawned {
        case .success(let pid):
            return supervise(pid, request, stdin: stdin?.write, stdout: stdout.read, stderr: stderr.read)
        case .failure(let failure):
            for fd in [stdout.read, stderr.read] + (stdin.map { [$0.write] } ?? []) { close(fd) }
            return Result(termination: .spawnFailed(failure.code))
        }
    }

    private struct SpawnFailure: Error {
        var code: Int32
    }

    /// A pipe whose ends are not inherited by other children (dup2 in the spawn clears the flag on 0, 1 and 2).
    private static func makePipe() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    private static func spawn(_ request: Request, stdin: Int32?, stdout: Int32, stderr: Int32) -> Swift.Result<pid_t, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group (signalled whole at the deadline); default signal handling and an
        // empty mask, whatever this process ignores (SIGPIPE) or blocks.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var argv: [UnsafeMutablePointer<CChar>?] = ([request.path] + request.arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let code: Int32
        if let environment = request.environment {
            var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
            defer { for pointer in envp { free(pointer) } }
            code = posix_spawn(&pid, request.path, &actions, &attributes, &argv, &envp)
        } else {
            code = posix_spawn(&pid, request.path, &actions, &attributes, &argv, environ)
        }
        return code == 0 ? .success(pid) : .failure(SpawnFailure(code: code))
    }

    /// Feeds, drains, signals at the deadline and reaps the child; closes the descriptors it is given.
    private static func supervise(_ pid: pid_t, _ request: Request, stdin: Int32?, stdout: Int32, stderr: Int32) -> Result {
        var output: [UInt8] = [], errorOutput: [UInt8] = []
        // Room enough that a secret of up to 64 KiB is never copied by a reallocation (the caller scrubs one buffer).
        output.reserveCapacity(min(request.outputLimit, 65_536) + 1)
        var chunk = [UInt8](repeating: 0, count: 4096)
        defer { for index in chunk.indices { chunk[index] = 0 } }
        var pending = request.input[...]
        var writer = stdin
        var readers = [stdout, stderr]
        let deadline = ContinuousClock.now + request.timeout
        var killAt: ContinuousClock.Instant?
        var timedOut = false, sentKill = false, overflowed = false
        var status: Int32 = 0

        // The group is signalled only while its leader is unreaped, so its id cannot have been reused.
        func killGroup() {
            guard !sentKill else { return }
            sentKill = true
            kill(-pid, SIGKILL)
        }
        func keep(_ count: Int, from fd: Int32) {
            if fd == stdout {
                let room = max(0, request.outputLimit - output.count)
                output += chunk[0..<min(count, room)]
                if count > room, request.overflow == .kill, !overflowed {
                    overflowed = true
                    killGroup()
                }
            } else {
                errorOutput += chunk[0..<min(count, max(0, request.errorOutputLimit - errorOutput.count))]
            }
        }

        while true {
            let now = ContinuousClock.now
            if !timedOut, !overflowed, now >= deadline {
                timedOut = true
                if request.killGrace > .zero {
                    kill(-pid, SIGTERM)
                    killAt = now + request.killGrace
                } else {
                    killGroup()
                }
            }
            if let killAt, now >= killAt { killGroup() }
            var fds = readers.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if let writer { fds.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
            // Short waits: the child's exit is checked between them (WNOHANG), so no wait ever blocks for long.
            if fds.isEmpty { usleep(5_000) } else { _ = poll(&fds, nfds_t(fds.count), 10) }
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
                    keep(count, from: entry.fd)
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    readers.removeAll { $0 == entry.fd }
                    close(entry.fd)
                }
            }
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { break }
        }
        if let writer { close(writer) }
        for fd in readers {
            // Whatever the exited child left in the pipes; bounded, as a grandchild may still be writing.
            var drained = 0
            while drained < 1 << 20 {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                drained += count
                keep(count, from: fd)
            }
            close(fd)
        }
        let signal = status & 0x7F
        let termination: Result.Termination =
            if overflowed { .outputTooLarge }
            else if timedOut { .timedOut(killed: sentKill) }
            else if signal != 0 { .signaled(signal) }
            else { .exited((status >> 8) & 0xFF) }
        return Result(termination: termination, output: output, errorOutput: errorOutput)
    }

    /// Puts the signal mask back; a SIGPIPE our writes raised while it was blocked is taken first, so it is never delivered.
    private static func restore(_ previous: sigset_t, discarding pipeSignal: sigset_t) {
        var previous = previous, pipeSignal = pipeSignal
        if sigismember(&previous, SIGPIPE) == 0 {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var zero = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &zero)
            }
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
}
