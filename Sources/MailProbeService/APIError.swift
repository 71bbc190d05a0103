import Hummingbird

/// An API failure answered as `{"error": {"parameter": "since", "message": "…"}}` with its status.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var parameter: String?
    var message: String

    static func badParameter(_ name: String, _ message: String) -> APIError {
        APIError(status: .badRequest, parameter: name, message: message)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, parameter: nil, message: message)
    }

    var response: Response {
        struct Body: Encodable {
            struct Detail: Encodable { var parameter: String?; var message: String }
            var error: Detail
        }
        return APIResponse.json(Body(error: .init(parameter: parameter, message: message)), status: status)
    }
}
