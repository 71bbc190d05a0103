import Foundation
import HistoryStore
import HTTPTypes
import Hummingbird
import MailProbeService
import Probe

/// The alerts page's forms: refused when posted from another site, otherwise handed to the API's silence
/// handlers (its validation, its token, the alert engine told), answered 303 → `/alerts` or the page with the error.
enum SilenceForms {
    /// The largest form body read.
    static let bodyLimit = 16 * 1024

    /// The API call a form turns into: method, path, JSON body.
    typealias APICall = (method: HTTPRequest.Method, path: String, body: [UInt8])

    static func submit(_ request: Request, context: BasicRequestContext, daemon: ServeDaemon, api: RouterResponder<BasicRequestContext>,
                       formToken: String, tokenSet: Bool, call: (FormBody) -> APICall) async -> Response {
        if let refusal = crossSiteRefusal(request.headers, authority: request.head.authority) {
            return await alertsPage(daemon, formToken: formToken, tokenSet: tokenSet, error: refusal, status: .forbidden)
        }
        let form: FormBody
        do {
            let buffer = try await request.body.collect(upTo: bodyLimit)
            form = try FormBody(Array(buffer.readableBytesView))
        } catch let error as FormBody.FormError {
            return await alertsPage(daemon, formToken: formToken, tokenSet: tokenSet, error: error.description, status: .badRequest)
        } catch {
            return await alertsPage(daemon, formToken: formToken, tokenSet: tokenSet, error: "the form is larger than \(bodyLimit / 1024) KiB",
                                    status: .contentTooLarge)
        }
        guard let given = form["form_token"], given == formToken else {
            return await alertsPage(daemon, formToken: formToken, tokenSet: tokenSet,
                                    error: "the form is stale or not from this dashboard (reload the page and try again)", status: .forbidden)
        }
        let (method, path, body) = call(form)
        var headers = HTTPFields()
        if let authorization = request.headers[.authorization] { headers[.authorization] = authorization }
        headers[.contentType] = "application/json"
        let forwarded = Request(head: HTTPRequest(method: method, scheme: nil, authority: request.head.authority, path: path, headerFields: headers),
                                body: RequestBody(buffer: ByteBuffer(bytes: body)))
        do {
            let response = try await api.respond(to: forwarded, context: context)
            if (200..<300).contains(response.status.code) {
                return Response(status: .seeOther, headers: [.location: "/alerts", .cacheControl: "no-store"])
            }
            let text = try await apiMessage(response)
            return await alertsPage(daemon, formToken: formToken, tokenSet: tokenSet, error: text, status: response.status)
        } catch {
            return await alertsPage(daemon, formToken: formToken, tokenSet: tokenSet, error: "\(error)", status: .internalServerError)
        }
    }

    /// Why a post is refused as cross-site, or `nil`: `Sec-Fetch-Site` must be same-origin (or none: typed
    /// by the user), and an `Origin` must name this host.
    static func crossSiteRefusal(_ headers: HTTPFields, authority: String?) -> String? {
        if let name = HTTPField.Name("Sec-Fetch-Site"), let site = headers[name], site != "same-origin", site != "none" {
            return "refused: the form was posted from another site (Sec-Fetch-Site: \(site.prefix(40)))"
        }
        if let origin = headers[.origin] {
            let host = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
            guard origin != "null", let host, let authority, host.lowercased() == authority.lowercased() else {
                return "refused: the form was posted from another origin (\(origin.prefix(80)))"
            }
        }
        return nil
    }

    /// The message of an API error body: `{"error": {"message": "…"}}`.
    static func apiMessage(_ response: Response) async throws -> String {
        struct Body: Decodable { struct Detail: Decodable { var parameter: String?; var message: String }; var error: Detail }
        let writer = CollectingWriter()
        _ = try await response.body.write(writer)
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(writer.box.buffer.readableBytesView)) else {
            return "the API answered \(response.status.code)"
        }
        return (body.error.parameter.map { "\($0): " } ?? "") + body.error.message
    }

    static func alertsPage(_ daemon: ServeDaemon, formToken: String, tokenSet: Bool, error: String, status: HTTPResponse.Status) async -> Response {
        let file = await daemon.file
        let store = daemon.store
        let now = ProbeExecution.systemWallClock()
        let text = (try? await Offload.run {
            try DashboardPages.alerts(file: file, store: store, nowMs: now, formToken: formToken, error: error, tokenSet: tokenSet)
        }) ?? DashboardPages.error(DashboardPages.PageError(status: Int(status.code), message: error), file: file, nowMs: now)
        return DashboardRoutes.html(text, status: status)
    }
}

/// Collects a response body in memory (the API's error JSON, a few hundred bytes).
private struct CollectingWriter: ResponseBodyWriter {
    final class Box: @unchecked Sendable { var buffer = ByteBuffer() }
    let box = Box()

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        guard box.buffer.readableBytes + buffer.readableBytes <= 64 * 1024 else { return }
        box.buffer.writeBuffer(&buffer)
    }

    mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
        for buffer in buffers { try await write(buffer) }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
