import AsyncHTTPClient
import Foundation
import MailCore
import MonitorCore

/// Sends the summary and the run link as one SMS segment to every recipient, through Twilio or a generic gateway.
///
///     POST /2010-04-01/Accounts/AC…/Messages.json HTTP/1.1
///     Authorization: Basic base64(AC…:token)
///     Content-Type: application/x-www-form-urlencoded
///
///     To=%2B4915112345678&From=%2B15005550006&Body=CRITICAL+corp-roundtrip…
///
/// Delivered only when every recipient's request succeeded; the outcome lists the recipients reached
/// (``NotificationOutcome/deliveredParts``), so that a retry sends only to the others.
struct SMSNotifier: AlertNotifier {
    let name: String
    let configuration: SMSConfiguration
    let client: HTTPClient
    let redactor: SecretRedactor

    init(name: String, configuration: SMSConfiguration, client: HTTPClient) {
        self.name = name
        self.configuration = configuration
        self.client = client
        switch configuration.gateway {
        case .twilio(let twilio): redactor = SecretRedactor([twilio.authToken])
        case .generic(let generic): redactor = SecretRedactor(Array(generic.headers.values))
        }
    }

    func send(_ notice: AlertNotice) async -> NotificationOutcome {
        await send(notice, skipping: [])
    }

    func send(_ notice: AlertNotice, skipping done: Set<String>) async -> NotificationOutcome {
        let start = ContinuousClock.now
        guard !configuration.to.isEmpty else {
            return .failed("sms \(name): no recipients", latency: .zero, retryable: false)
        }
        let text = SMSText.compose(summary: notice.summary, link: notice.runURL)
        var failures: [(recipient: String, outcome: NotificationOutcome)] = []
        var delivered = done.intersection(configuration.to)
        var lastStatus: Int?
        for recipient in configuration.to where !delivered.contains(recipient) {
            let outcome = await send(text, to: recipient)
            lastStatus = outcome.httpStatus ?? lastStatus
            if outcome.delivered { delivered.insert(recipient) } else { failures.append((recipient, outcome)) }
        }
        let latency = start.duration(to: .now)
        guard let first = failures.first else {
            var outcome = NotificationOutcome.delivered(httpStatus: lastStatus, latency: latency)
            outcome.deliveredParts = delivered.sorted()
            return outcome
        }
        let errors = failures.map { "\($0.recipient): \($0.outcome.error ?? "failed")" }.joined(separator: "; ")
        let prefix = delivered.isEmpty ? "" : "\(delivered.count) of \(configuration.to.count) sent; "
        var outcome = NotificationOutcome.failed(redactor.redact(prefix + errors), httpStatus: first.outcome.httpStatus, latency: latency,
                                                 retryable: failures.allSatisfy(\.outcome.retryable))
        outcome.deliveredParts = delivered.sorted()
        return outcome
    }

    func send(_ text: String, to recipient: String) async -> NotificationOutcome {
        let start = ContinuousClock.now
        let exchange = exchange(text: text, to: recipient)
        let result = await exchange.perform(on: client)
        let what = "sms \(name)"
        switch configuration.gateway {
        case .twilio:
            return result.outcome(latency: start.duration(to: .now), redactor: redactor, what: what,
                                  bodyFailure: TwilioReply.failure(in:))
        case .generic(let generic):
            return result.outcome(latency: start.duration(to: .now), redactor: redactor, what: what) { body in
                guard let match = generic.successMatch else { return nil }
                return String(decoding: body, as: UTF8.self).contains(match)
                    ? nil : "the reply lacks \"\(match)\": \(HTTPExchange.excerpt(body))"
            }
        }
    }

    /// The request for one recipient.
    func exchange(text: String, to recipient: String) -> HTTPExchange {
        switch configuration.gateway {
        case .twilio(let twilio):
            let base = twilio.baseURL.hasSuffix("/") ? String(twilio.baseURL.dropLast()) : twilio.baseURL
            let url = "\(base)/2010-04-01/Accounts/\(FormEncoding.escapeComponent(twilio.accountSID))/Messages.json"
            let credentials = Data("\(twilio.accountSID):\(twilio.authToken)".utf8).base64EncodedString()
            let body = FormEncoding.encode([("To", recipient), ("From", configuration.from), ("Body", text)])
            return HTTPExchange(method: "POST", url: url,
                                headers: [("Content-Type", "application/x-www-form-urlencoded"),
                                          ("Authorization", "Basic \(credentials)"), ("Accept", "application/json")],
                                body: Array(body.utf8), timeout: configuration.timeout)
        case .generic(let generic):
            let url = fill(generic.url, to: recipient, text: text, escape: FormEncoding.escapeComponent)
            var headers: [(name: String, value: String)]
            let body: String
            switch generic.body {
            case .form(let fields):
                headers = [("Content-Type", "application/x-www-form-urlencoded")]
                body = FormEncoding.encode(fields.sorted { $0.key < $1.key }.map {
                    (name: $0.key, value: fill($0.value, to: recipient, text: text, escape: { $0 }))
                })
            case .json(let template):
                headers = [("Content-Type", "application/json; charset=utf-8")]
                body = fill(template, to: recipient, text: text, escape: JSONString.escaped)
            }
            headers += generic.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
            return HTTPExchange(method: generic.method, url: url, headers: headers, body: Array(body.utf8),
                                timeout: configuration.timeout)
        }
    }

    /// Replaces `{to}`, `{from}` and `{body}` in one pass, so a value holding a placeholder is not replaced again.
    func fill(_ template: String, to recipient: String, text: String, escape: (String) -> String) -> String {
        let values = ["to": recipient, "from": configuration.from, "body": text]
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = values[String(after[..<close])] {
                result += escape(value)
                rest = after[after.index(after: close)...]
            } else {
                result += "{"
                rest = after
            }
        }
        return result + rest
    }
}

/// What Twilio's Messages API says in a 2xx body: `"status"` and `"error_code"`.
enum TwilioReply {
    /// Why a 2xx body reports a failure (`"status": "failed"` / `"undelivered"`, or a non-null `error_code`), or nil.
    static func failure(in body: [UInt8]) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return "the reply is not a JSON object: \(HTTPExchange.excerpt(body))"
        }
        let status = object["status"] as? String
        let message = (object["error_message"] as? String) ?? (object["message"] as? String)
        let code: String? = switch object["error_code"] {
        case nil, is NSNull: nil
        case let number as NSNumber: number.stringValue
        case let text as String: text
        case .some: "present"
        }
        if let status, ["failed", "undelivered"].contains(status.lowercased()) || code != nil {
            return "the message is \(status)" + (code.map { " (error \($0))" } ?? "") + (message.map { ": \($0)" } ?? "")
        }
        if let code { return "error \(code)" + (message.map { ": \($0)" } ?? "") }
        return nil
    }
}
