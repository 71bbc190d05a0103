import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

/// A request as a local receiver saw it.
struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    /// By lowercased name.
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// A header's value, by name in any case.
    func header(_ name: String) -> String? { headers[name.lowercased()] }

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    /// The form fields, percent-decoded (`+` is a space).
    var form: [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "<bad>"
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }
}

/// A canned answer.
struct CannedReply: Sendable {
    var status: Int
    var body: String
    static let ok = CannedReply(status: 200, body: "ok")
}

/// What a receiver has seen and will answer; shared with its route handlers.
final class ReceiverState: Sendable {
    let recorded = Mutex<[ReceivedRequest]>([])
    let replies: Mutex<[CannedReply]>

    init(_ replies: [CannedReply]) { self.replies = Mutex(replies) }

    func handle(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        recorded.withLock {
            $0.append(ReceivedRequest(method: request.method.rawValue, path: request.uri.path, headers: headers,
                                      body: Array(body.readableBytesView)))
        }
        let reply = replies.withLock { replies in replies.count > 1 ? replies.removeFirst() : replies[0] }
        return Response(status: HTTPResponse.Status(code: reply.status), headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }
}

/// An HTTP server on 127.0.0.1 (port 0) that records every request and answers what the test says.
final class HTTPReceiver: Sendable {
    let state: ReceiverState
    let port: Int
    private let task: Task<Void, any Error>

    var requests: [ReceivedRequest] { state.recorded.withLock { $0 } }
    var base: String { "http://127.0.0.1:\(port)" }

    /// Replies are used in order; the last one repeats.
    static func start(_ replies: [CannedReply] = [.ok]) async throws -> HTTPReceiver {
        let state = ReceiverState(replies.isEmpty ? [.ok] : replies)
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let router = Router()
        for method in [HTTPRequest.Method.post, .put, .get] {
            router.on("**", method: method) { request, _ in try await state.handle(request) }
        }
        var logger = Logger(label: "receiver")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                              logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await value in stream {
            port = value
            break
        }
        return HTTPReceiver(state: state, port: port, task: task)
    }

    private init(state: ReceiverState, port: Int, task: Task<Void, any Error>) {
        self.state = state
        self.port = port
        self.task = task
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
