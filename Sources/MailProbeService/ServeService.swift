import Hummingbird
import Logging
import Probe
import ServiceLifecycle
import UnixSignals

/// The daemon as a `Service` of the group that owns the signals: it starts the daemon, runs the
/// outbox, the retention pruning and the SIGHUP reloads, and on graceful shutdown stops
/// scheduling and lets running runs finish within `serve.grace`.
struct ServeService: Service {
    let daemon: ServeDaemon
    let logger: Logger

    func run() async throws {
        try await daemon.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    await daemon.prune()
                    try await Task.sleep(for: .seconds(600))
                }
            }
            group.addTask {
                for await _ in await UnixSignalsSequence(trapping: .sighup) {
                    logger.info("SIGHUP: reloading the configuration")
                    _ = await daemon.reload()
                }
            }
            try? await gracefulShutdown()
            await daemon.shutdown()
            group.cancelAll()
        }
    }
}

/// `mailprobe serve`: the daemon and its HTTP listener under one `ServiceGroup`.
public enum Serve {
    public static func run(configPath: String, logger: Logger) async throws {
        let daemon = try await ServeDaemon(configPath: configPath, logger: logger)
        let file = await daemon.file
        let app = Application(router: await APIRouter.build(daemon),
                              configuration: .init(address: .hostname(file.serve.listenHost, port: Int(file.serve.listenPort)),
                                                   serverName: "mailprobe"),
                              logger: logger)
        let group = ServiceGroup(services: [ServeService(daemon: daemon, logger: logger), app],
                                 gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
