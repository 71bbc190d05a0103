import Charts
import Foundation
import HistoryStore
import Hummingbird
import MailProbeService
import Probe

/// The web dashboard of `mailprobe serve`: `/`, `/probes/{name}`, `/runs/{id}`, `/alerts`, the silence forms
/// and `/assets/*`, beside the API on its listener and behind its token (``Serve/RouteInstaller``).
public enum DashboardRoutes {
    public static func install(on router: Router<BasicRequestContext>, daemon: ServeDaemon) async {
        let formToken = randomToken()
        let tokenSet = daemon.apiToken != nil
        router.get("/") { _, _ in
            await page(daemon) { file, store, now in try DashboardPages.overview(file: file, store: store, nowMs: now) }
        }
        router.get("/probes/:name") { request, context in
            let name = context.parameters.get("name") ?? ""
            var parameters: [String: String] = [:]
            for (key, value) in request.uri.queryParameters where !value.isEmpty { parameters[String(key)] = String(value) }
            return await page(daemon) { [parameters] file, store, now in
                try DashboardPages.probe(file: file, store: store, name: name, parameters: parameters, nowMs: now)
            }
        }
        router.get("/runs/:id") { _, context in
            let text = context.parameters.get("id") ?? ""
            return await page(daemon) { file, store, now in
                guard let id = Int64(text) else { throw DashboardPages.PageError(status: 400, message: "expected a run id (a whole number), got \"\(text.prefix(40))\"") }
                return try DashboardPages.run(file: file, store: store, id: id, nowMs: now)
            }
        }
        router.get("/alerts") { _, _ in
            await page(daemon) { file, store, now in
                try DashboardPages.alerts(file: file, store: store, nowMs: now, formToken: formToken, tokenSet: tokenSet)
            }
        }
        // The silence forms go through the API's own handlers (its validation, and the alert engine told).
        let api = router.buildResponder()
        router.post("/alerts/silences") { request, context in
            await SilenceForms.submit(request, context: context, daemon: daemon, api: api, formToken: formToken, tokenSet: tokenSet) { form in
                var body: [String: String] = [:]
                for name in ["probe", "route", "duration", "ends_at", "comment", "created_by"] { body[name] = form[name] }
                if body["created_by"] == nil { body["created_by"] = "dashboard" }
                let json = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
                return (.post, "/api/silences", [UInt8](json))
            }
        }
        router.post("/alerts/silences/:id/end") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await SilenceForms.submit(request, context: context, daemon: daemon, api: api, formToken: formToken, tokenSet: tokenSet) { _ in
                (.delete, "/api/silences/" + DashboardLinks.escape(id), [])
            }
        }
        router.get("/assets/dashboard.css") { _, _ in asset(DashboardStylesheet.css, type: "text/css; charset=utf-8") }
        router.get("/assets/charts.css") { _, _ in asset(Chart.stylesheet, type: "text/css; charset=utf-8") }
        router.get("/assets/dashboard.js") { _, _ in asset(DashboardScript.source, type: "text/javascript; charset=utf-8") }
    }

    /// A page rendered off the cooperative pool; a ``DashboardPages/PageError`` (or any other) as an error page.
    static func page(_ daemon: ServeDaemon,
                     _ render: @escaping @Sendable (ProbeConfigFile, HistoryStore, Int64) throws -> String) async -> Response {
        let file = await daemon.file
        let store = daemon.store
        let now = ProbeExecution.systemWallClock()
        do {
            return html(try await Offload.run { try render(file, store, now) })
        } catch let error as DashboardPages.PageError {
            return html(DashboardPages.error(error, file: file, nowMs: now), status: HTTPResponse.Status(code: error.status))
        } catch {
            let failure = DashboardPages.PageError(status: 500, message: "the store could not be read: \(error)")
            return html(DashboardPages.error(failure, file: file, nowMs: now), status: .internalServerError)
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "private, max-age=300"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 16 random bytes as hex: the per-process token the forms carry.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
