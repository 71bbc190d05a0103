import MonitorCore

/// Sends one ``AlertNotice`` somewhere a person will see it: a webhook, an SMS gateway, e-mail, Alertmanager, a command.
///
/// `send` never throws: every failure is an outcome that says whether a retry can help.
/// Nothing secret (tokens, passwords, signing keys) ever appears in an outcome or a log line.
public protocol AlertNotifier: Sendable {
    /// The name the configuration gave it (`notifiers.NAME`).
    var name: String { get }
    func send(_ notice: AlertNotice) async -> NotificationOutcome
    /// A retry: sends `notice` except to the parts (SMS recipients) an earlier attempt delivered to,
    /// as its ``NotificationOutcome/deliveredParts`` said. Notifiers without parts send it whole.
    func send(_ notice: AlertNotice, skipping delivered: Set<String>) async -> NotificationOutcome
}

extension AlertNotifier {
    public func send(_ notice: AlertNotice, skipping delivered: Set<String>) async -> NotificationOutcome {
        await send(notice)
    }
}

/// What became of one notification.
public struct NotificationOutcome: Sendable, Hashable {
    /// The receiver accepted it.
    public var delivered: Bool
    /// The HTTP status of the (last) response, for the HTTP notifiers.
    public var httpStatus: Int?
    /// Why it was not delivered, in words; never carries a secret.
    public var error: String?
    /// From the start of sending to the outcome.
    public var latency: Duration
    /// Sending the same notice again later may succeed (5xx, 408, 429, timeouts, connection errors).
    public var retryable: Bool
    /// Of a notifier that sends in parts (an SMS to each recipient): the parts delivered so far, this
    /// attempt's and the earlier ones', sorted; a retry skips them.
    public var deliveredParts: [String] = []

    public init(delivered: Bool, httpStatus: Int? = nil, error: String? = nil, latency: Duration, retryable: Bool) {
        self.delivered = delivered
        self.httpStatus = httpStatus
        self.error = error
        self.latency = latency
        self.retryable = retryable
    }

    /// A delivered notification.
    public static func delivered(httpStatus: Int? = nil, latency: Duration) -> NotificationOutcome {
        NotificationOutcome(delivered: true, httpStatus: httpStatus, latency: latency, retryable: false)
    }

    /// A failed notification.
    public static func failed(_ error: String, httpStatus: Int? = nil, latency: Duration, retryable: Bool) -> NotificationOutcome {
        NotificationOutcome(delivered: false, httpStatus: httpStatus, error: error, latency: latency, retryable: retryable)
    }

    /// Whether an HTTP status is worth retrying: 5xx, 408 (request timeout) and 429 (too many requests).
    public static func isRetryable(httpStatus: Int) -> Bool {
        httpStatus >= 500 || httpStatus == 408 || httpStatus == 429
    }
}
