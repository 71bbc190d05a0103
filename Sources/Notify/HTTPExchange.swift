import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One HTTP request a notifier makes, and what came of it: the status and the first bytes of the body.
struct HTTPExchange: Sendable {
    /// The most of a response body that is read; the rest is discarded.
    static let bodyLimit = 64 * 1024

    var method: String
    var url: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var timeout: Duration

    /// What the server answered, or why there is no answer.
    enum Result: Sendable {
        /// `body` holds at most ``HTTPExchange/bodyLimit`` bytes.
        case response(status: Int, body: [UInt8])
        case failure(String, retryable: Bool)
    }

    /// Sends the request with its deadline covering connect, request and the whole response body.
    func perform(on client: HTTPClient) async -> Result {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              parsed.host?.isEmpty == false else {
            return .failure("the URL is not an http(s) URL with a host", retryable: false)
        }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method.uppercased())
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let deadline = NIODeadline.now() + TimeAmount.nanoseconds(Int64(timeout.nanoseconds))
        do {
            let response = try await client.execute(request, deadline: deadline)
            var collected: [UInt8] = []
            for try await chunk in response.body {
                let room = Self.bodyLimit - collected.count
                collected += chunk.readableBytesView.prefix(room)
                if collected.count >= Self.bodyLimit { break }
            }
            return .response(status: Int(response.status.code), body: collected)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout
            || error == .connectTimeout || error == .writeTimeout {
            return .failure("no answer from \(parsed.host ?? "the server") within \(Self.format(timeout))", retryable: true)
        } catch let error as HTTPClientError where error == .invalidURL || error == .emptyHost || error == .emptyScheme
            || error == .unsupportedScheme(scheme) {
            return .failure("the URL is not usable: \(error)", retryable: false)
        } catch {
            return .failure("cannot reach \(parsed.host ?? "the server"): \(error)", retryable: true)
        }
    }

    /// The first part of a body as text, one line, for error messages.
    static func excerpt(_ body: [UInt8], limit: Int = 200) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
            .map { $0.isNewline || $0 == "\t" ? " " : $0 }
            .filter { !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
        let line = String(text).trimmingCharacters(in: .whitespaces)
        return line.count > limit ? String(line.prefix(limit)) + "…" : line
    }

    /// `10 s`, `1.5 s`, `250 ms`.
    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.nanoseconds / 1_000_000
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating far beyond any timeout.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? (seconds < 0 ? .min : .max) : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}

/// The outcome of an exchange for a gateway that reports success by status and, optionally, by body.
extension HTTPExchange.Result {
    /// 2xx is delivered unless `bodyFailure` finds a failure in the body; other statuses fail,
    /// retryable for 5xx, 408 and 429.
    func outcome(latency: Duration, redactor: SecretRedactor, what: String,
                 bodyFailure: ([UInt8]) -> String? = { _ in nil }) -> NotificationOutcome {
        switch self {
        case .failure(let message, let retryable):
            return .failed(redactor.redact("\(what): \(message)"), latency: latency, retryable: retryable)
        case .response(let status, let body):
            if (200..<300).contains(status) {
                if let failure = bodyFailure(body) {
                    return .failed(redactor.redact("\(what): HTTP \(status) but \(failure)"), httpStatus: status,
                                   latency: latency, retryable: false)
                }
                return .delivered(httpStatus: status, latency: latency)
            }
            let excerpt = HTTPExchange.excerpt(body)
            let text = "\(what): HTTP \(status)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
            return .failed(redactor.redact(text), httpStatus: status, latency: latency,
                           retryable: NotificationOutcome.isRetryable(httpStatus: status))
        }
    }
}
