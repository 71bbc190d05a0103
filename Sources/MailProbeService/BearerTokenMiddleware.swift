import Hummingbird

/// `Authorization: Bearer TOKEN` on `/api/*` (when an API token is set) and on `/metrics`
/// (when a metrics token is set); 401 with a JSON error otherwise. Tokens compare in constant time.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    var apiToken: String?
    var metricsToken: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // As the router sees the path: empty segments (`//api/runs`) do not count.
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        let required = segments.first == "api" ? apiToken : (segments.first == "metrics" ? metricsToken : nil)
        guard let required else { return try await next(request, context) }
        let given = request.headers[.authorization].flatMap { value -> String? in
            value.hasPrefix("Bearer ") ? String(value.dropFirst(7)) : nil
        }
        guard let given, Self.constantTimeEqual(given, required) else {
            var response = APIError(status: .unauthorized, parameter: nil, message: "a bearer token is required (Authorization: Bearer …)").response
            response.headers[.wwwAuthenticate] = "Bearer realm=\"mailprobe\""
            return response
        }
        return try await next(request, context)
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
