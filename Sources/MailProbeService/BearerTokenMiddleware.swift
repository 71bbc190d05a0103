import Hummingbird
import MailCore

/// The API token on `/api/*` and on every other path but `/healthz` and `/metrics` (the dashboard's pages and
/// assets), when one is set; the metrics token on `/metrics`, when one is set. Tokens compare in constant time.
///
/// A token comes as `Authorization: Bearer TOKEN`, or, because browsers cannot send that, as
/// `Authorization: Basic` whose password is the token (any user name). Without it: 401, as JSON with
/// `WWW-Authenticate: Bearer` on `/api` and `/metrics`, as text with `WWW-Authenticate: Basic` elsewhere so
/// that a browser asks once.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    var apiToken: String?
    var metricsToken: String?

    /// What a path needs and how a refusal is worded.
    private enum Realm {
        case api, metrics, health, pages
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // As the router sees the path: empty segments (`//api/runs`) do not count.
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        let realm: Realm = switch segments.first {
        case "api": .api
        case "metrics": .metrics
        case "healthz": .health
        default: .pages
        }
        let required: String? = switch realm {
        case .api, .pages: apiToken
        case .metrics: metricsToken
        case .health: nil
        }
        guard let required else { return try await next(request, context) }
        if let given = request.headers[.authorization].flatMap(Self.token(in:)), Self.constantTimeEqual(given, required) {
            return try await next(request, context)
        }
        switch realm {
        case .api, .metrics, .health:
            var response = APIError(status: .unauthorized, parameter: nil, message: "a bearer token is required (Authorization: Bearer …)").response
            response.headers[.wwwAuthenticate] = "Bearer realm=\"mailprobe\""
            return response
        case .pages:
            var response = APIResponse.text("The dashboard needs the API token: sign in with any user name and the token as the password.\n",
                                            contentType: "text/plain; charset=utf-8", status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Basic realm=\"mailprobe\", charset=\"UTF-8\""
            return response
        }
    }

    /// The token of an `Authorization` value: a bearer token, or the password of Basic credentials.
    static func token(in authorization: String) -> String? {
        if authorization.hasPrefix("Bearer ") { return String(authorization.dropFirst(7)) }
        guard authorization.lowercased().hasPrefix("basic ") else { return nil }
        let encoded = authorization.dropFirst(6).trimmingPrefix(" ")
        guard encoded.utf8.count <= 4096, let decoded = Base64.decode(encoded),
              let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return String(decoding: decoded[(colon + 1)...], as: UTF8.self)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}
