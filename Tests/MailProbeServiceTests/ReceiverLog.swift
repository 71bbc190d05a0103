import Hummingbird
import Synchronization

/// Requests a local receiver got: path, headers and body, in order.
final class ReceiverLog: Sendable {
    struct Entry: Sendable {
        var path: String
        var authorization: String?
        var body: String
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    /// A router that logs every POST and answers `status`.
    func router(status: HTTPResponse.Status = .ok) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("/**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.append(Entry(path: request.uri.path, authorization: request.headers[.authorization], body: String(buffer: body)))
            return Response(status: status)
        }
        return router
    }

    /// Waits until `condition` holds for the entries (polling), at most `timeout`.
    func wait(timeout: Duration = .seconds(20), until condition: ([Entry]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(all) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(all)
    }
}
