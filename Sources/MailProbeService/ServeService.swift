import Hummingbird
import HummingbirdCore
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
    /// Adds routes beside the API's (the dashboard's pages), before the listener starts.
    public typealias RouteInstaller = @Sendable (Router<BasicRequestContext>, ServeDaemon) async -> Void

    public static func run(configPath: String, logger: Logger, routes: RouteInstaller = { _, _ in }) async throws {
        let daemon = try await ServeDaemon(configPath: configPath, logger: logger)
        try await run(daemon: daemon, logger: logger, routes: routes)
    }

    /// Runs a daemon the caller made (and may observe) until SIGTERM or SIGINT.
    public static func run(daemon: ServeDaemon, logger: Logger, routes: RouteInstaller = { _, _ in }) async throws {
        let file = await daemon.file
        let router = await APIRouter.build(daemon)
        await routes(router, daemon)
        let app = Application(router: router, server: listener(file.serve.http, logger: logger),
                              configuration: .init(address: .hostname(file.serve.listenHost, port: Int(file.serve.listenPort)),
                                                   serverName: "mailprobe"),
                              logger: logger)
        let group = ServiceGroup(services: [ServeService(daemon: daemon, logger: logger), app],
                                 gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    /// HTTP/1.1 with `serve.http`'s limits: a bounded request head, connections per client and in all, and a
    /// deadline for each request (``HTTPConnectionGuard``).
    static func listener(_ limits: HTTPListenerLimits, logger: Logger) -> HTTPServerBuilder {
        let budget = HTTPConnectionBudget(maxConnections: limits.maxConnections, maxPerClient: limits.maxConnectionsPerClient)
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes, maxHeaderFieldCount: 100)
        return .http1(configuration: .init(
            additionalChannelHandlers: [HTTPConnectionGuard(budget: budget, requestTimeout: limits.requestTimeout, logger: logger)],
            httpDecoderConfiguration: decoder))
    }
}
