import Glibc
import MailCore
import HistoryStore
import Logging
import MonitorCore
import Notify
import Probe

/// `mailprobe serve` in one object: the store, the scheduler's, alert engine's and outbox's
/// drivers, the metrics, and the configuration they run, reloadable as a whole.
public actor ServeDaemon {
    /// Why the daemon cannot start: the config, the token rule, the store.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    nonisolated public let store: HistoryStore
    nonisolated public let metrics: ProbeMetrics
    let clock: any ServiceClock
    let logger: Logger
    let runner: ProbeRunner
    let alerts: AlertCoordinator
    let outbox: NotificationOutbox
    nonisolated public let configPath: String
    public private(set) var file: ProbeConfigFile
    /// The API's bearer token, resolved at start (`nil`: none needed, loopback only).
    nonisolated public let apiToken: String?
    nonisolated public let metricsToken: String?
    /// The outbox's delivery loop, from ``start()`` to ``shutdown()``.
    private var delivering: Task<Void, Never>?

    /// Opens the store and builds the drivers; nothing runs until ``start()``.
    public init(configPath: String, clock: any ServiceClock = SystemServiceClock(), logger: Logger,
                execute: (@Sendable (ProbeExecution) async -> [ProbeRunRecord])? = nil) async throws {
        let file: ProbeConfigFile
        do { file = try ProbeConfigFile.load(path: configPath) } catch { throw StartError(description: "\(error)") }
        self.configPath = configPath
        self.file = file
        self.clock = clock
        self.logger = logger
        do {
            if let source = file.serve.apiToken { apiToken = try await Self.text(source, file: file, key: "serve.api_token") } else { apiToken = nil }
            if let source = file.serve.metricsToken {
                metricsToken = try await Self.text(source, file: file, key: "serve.metrics_token")
            } else {
                metricsToken = nil
            }
        } catch {
            throw StartError(description: "\(error)")
        }
        if apiToken == nil, !file.serve.listensOnLoopbackOnly {
            throw StartError(description: "\(file.file): serve.listen: \(file.serve.listenHost) is beyond loopback, so serve.api_token is required "
                             + "(e.g. api_token: {env: MAILPROBE_API_TOKEN}); refusing to start")
        }
        let directory = file.serve.dataDirectory ?? Self.defaultDataDirectory()
        do {
            try Self.makeDirectory(directory)
            store = try HistoryStore(path: directory + "/mailprobe.sqlite")
        } catch {
            throw StartError(description: "serve.data_dir \(directory): \(error)")
        }
        let notifierConfigurations: [String: NotifierConfiguration]
        do { notifierConfigurations = try await NotifierConfigurations.resolve(file) } catch { throw StartError(description: "\(error)") }
        metrics = ProbeMetrics(location: file.location)
        let outbox = NotificationOutbox(store: store, notifiers: NotifierSet(notifierConfigurations, logger: logger), specs: file.notifiers,
                                        fallback: file.alerts.fallback, clock: clock, metrics: metrics, logger: logger)
        self.outbox = outbox
        alerts = AlertCoordinator(file: file, store: store, clock: clock, metrics: metrics, logger: logger, queued: { outbox.poke() })
        runner = ProbeRunner(file: file, store: store, clock: clock, metrics: metrics, alerts: alerts, logger: logger,
                             execute: execute ?? { await $0.run() })
    }

    /// Recovers runs a crash interrupted, restores alert states, and starts scheduling.
    public func start() async throws {
        await alerts.start()
        await alerts.startReposting()
        delivering = Task { [outbox] in await outbox.run() }
        do {
            let store = self.store, now = clock.wallMilliseconds()
            let interrupted = try await Offload.inOrder { try store.recoverInterrupted(nowMs: now) }
            for record in interrupted { metrics.record(record) }
            if !interrupted.isEmpty {
                logger.warning("\(interrupted.count) run(s) were interrupted by the last stop; recorded as interrupted")
                await alerts.record(interrupted)
            }
        } catch {
            logger.error("could not recover interrupted runs", metadata: ["error": "\(error)"])
        }
        do {
            try await runner.configure(file)
        } catch {
            await outbox.shutdown()
            throw StartError(description: "\(file.file): \(error)")
        }
        for warning in file.fileAccessWarnings { logger.warning("\(warning)") }
        logger.info("mailprobe serve: \(file.probeNames.count) probe(s), \(file.notifiers.count) notifier(s), listening on \(file.serve.listenHost):\(file.serve.listenPort)")
    }

    /// Reloads the config file. A broken one is refused and the old one keeps running.
    public func reload() async -> [String] {
        let next: ProbeConfigFile
        let notifiers: [String: NotifierConfiguration]
        do {
            next = try ProbeConfigFile.load(path: configPath)
            notifiers = try await NotifierConfigurations.resolve(next)
        } catch {
            logger.error("reload refused; the running configuration stays: \(error)")
            return ["\(error)"]
        }
        do {
            try await runner.configure(next)
        } catch {
            logger.error("reload refused; the running configuration stays: \(next.file): \(error)")
            return ["\(next.file): \(error)"]
        }
        for warning in next.fileAccessWarnings { logger.warning("\(warning)") }
        if next.serve != file.serve { logger.warning("serve: settings change only with a restart; the rest was reloaded") }
        file = next
        await alerts.configure(next)
        await outbox.replace(notifiers: NotifierSet(notifiers, logger: logger), specs: next.notifiers, fallback: next.alerts.fallback)
        logger.info("configuration reloaded: \(next.probeNames.count) probe(s)")
        return []
    }

    /// Stops scheduling, lets runs finish within `serve.grace`, cancels the rest; then stops the outbox
    /// (after its deliveries in flight) and the notifiers' HTTP client.
    public func shutdown() async {
        await runner.shutdown(grace: file.serve.grace)
        await alerts.stop()
        // Notices the last runs queued stay in the outbox (durable) if not sent by now.
        delivering?.cancel()
        await delivering?.value
        await outbox.shutdown()
        alerts.observers.finish()
        logger.info("mailprobe serve: stopped")
    }


    /// Deletes runs and rollups past their retention, in small batches.
    public func prune() async {
        let now = clock.wallMilliseconds()
        let runsBefore = now - file.serve.retainRuns.wholeMilliseconds
        let rollupsBefore = now - file.serve.retainRollups.wholeMilliseconds
        while !Task.isCancelled {
            let store = self.store
            guard let deleted = try? await Offload.inOrder({ try store.prune(runsBeforeMs: runsBefore, rollupsBeforeMs: rollupsBefore, batch: 500) }),
                  deleted > 0 else { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// `/healthz`: the scheduler ticks and the store answers.
    public func health() async -> String? {
        let quiet = clock.now() - (await runner.lastActivity)
        let longest = file.probes.values.map(\.interval).max() ?? .seconds(60)
        if !file.probes.isEmpty, quiet > longest * 2 + .seconds(60) { return "the scheduler has not run for \(quiet)" }
        if let problem = await runner.storeProblem { return "the store refuses writes: \(problem)" }
        let store = self.store
        do { _ = try await Offload.run { try store.nextNotificationDue() } } catch { return "the store does not answer: \(error)" }
        return nil
    }

    public func runNow(_ probe: String) async -> ProbeScheduler.RunNowResult {
        await runner.runNow(probe)
    }

    func alertStates() async -> [AlertState] {
        await alerts.states
    }

    func silencesChanged() async {
        await alerts.refreshSilences()
    }

    // MARK: - Helpers

    static func text(_ source: CredentialSource, file: ProbeConfigFile, key: String) async throws(ConfigError) -> String {
        try await source.text(location: ConfigLocation(file: file.file, line: nil, keyPath: key))
    }

    /// `$XDG_STATE_HOME/mailprobe`, `~/.local/state/mailprobe`, or `/var/lib/mailprobe` as root.
    static func defaultDataDirectory() -> String {
        if getuid() == 0 { return "/var/lib/mailprobe" }
        if let state = getenv("XDG_STATE_HOME").map({ String(cString: $0) }), !state.isEmpty { return state + "/mailprobe" }
        let home = getenv("HOME").map { String(cString: $0) } ?? "/tmp"
        return home + "/.local/state/mailprobe"
    }

    static func makeDirectory(_ path: String) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o750) != 0, errno != EEXIST {
                throw StartError(description: "cannot create \(built): \(String(cString: strerror(errno)))")
            }
        }
    }
}

extension Duration {
    var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
