import HistoryStore
import Hummingbird
import MonitorCore
import Probe

/// The HTTP surface of `mailprobe serve`: `/metrics`, `/healthz` and the JSON API (docs/openapi.yaml),
/// routes over the daemon's store and drivers, tested in-process.
public enum APIRouter {
    public static func build(_ daemon: ServeDaemon) async -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: BearerTokenMiddleware(apiToken: daemon.apiToken, metricsToken: daemon.metricsToken))
        router.get("/metrics") { _, _ in
            APIResponse.text(daemon.metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/healthz") { _, _ in
            if let problem = await daemon.health() {
                return APIResponse.json(["status": "failing", "reason": problem], status: .serviceUnavailable)
            }
            return APIResponse.json(["status": "ok"])
        }
        router.get("/api/probes") { _, _ in try await probes(daemon) }
        router.get("/api/runs") { request, _ in try await guarded { try await runs(daemon, request) } }
        router.get("/api/runs/:id") { _, context in
            try await guarded {
                let id = try identifier(context, of: "run")
                let store = daemon.store
                guard let run = try await Offload.run({ try store.run(id: id) }) else { throw APIError.notFound("no run \(id)") }
                return APIResponse.json(run)
            }
        }
        router.get("/api/series") { request, _ in try await guarded { try await series(daemon, request) } }
        router.get("/api/alerts") { _, _ in try await guarded { try await alerts(daemon) } }
        router.post("/api/silences") { request, _ in try await guarded { try await createSilence(daemon, request) } }
        router.delete("/api/silences/:id") { _, context in
            try await guarded {
                let id = try identifier(context, of: "silence")
                let store = daemon.store
                guard try await Offload.run({ try store.endSilence(id: id, atMs: ProbeExecution.systemWallClock()) }) else {
                    throw APIError.notFound("no silence \(id)")
                }
                await daemon.silencesChanged()
                return Response(status: .noContent)
            }
        }
        router.post("/api/probes/:name/run") { _, context in
            try await guarded {
                let name = context.parameters.get("name") ?? ""
                switch await daemon.runNow(name) {
                case .unknownJob: throw APIError.notFound("no probe named \"\(name)\"")
                case .alreadyRunning: throw APIError(status: .conflict, parameter: nil, message: "probe \(name) is already running")
                case .stopped: throw APIError(status: .serviceUnavailable, parameter: nil, message: "the daemon is stopping")
                case .started(let ticket): return APIResponse.json(["status": "started", "run": "\(ticket.id)"], status: .accepted)
                case .queued(let position): return APIResponse.json(["status": "queued", "position": "\(position)"], status: .accepted)
                }
            }
        }
        router.post("/api/reload") { _, _ in
            struct Body: Encodable { var ok: Bool; var errors: [String] }
            let errors = await daemon.reload()
            return APIResponse.json(Body(ok: errors.isEmpty, errors: errors), status: errors.isEmpty ? .ok : .unprocessableContent)
        }
        return router
    }

    /// The `:id` path parameter as a number, or a 400 naming it.
    static func identifier(_ context: BasicRequestContext, of what: String) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text) else {
            throw APIError.badParameter("id", "expected a \(what) id (a whole number)")
        }
        return id
    }

    /// Runs a handler, answering ``APIError``s with their JSON and status.
    static func guarded(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as APIError {
            return error.response
        } catch {
            return APIError(status: .internalServerError, parameter: nil, message: "\(error)").response
        }
    }
}
