/// A transport failure: which step failed, a machine-readable code, and why.
///
/// `description` reads `"<step>: <message>"`, for example
/// `"connect: connection refused (127.0.0.1:25)"` or
/// `"tls: certificate verify failed: certificate has expired"`.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// The operation that failed.
    public enum Step: String, Sendable {
        case dns, connect, tls, read, write, listen, accept
    }

    /// What went wrong, for code that branches on it.
    public enum Code: String, Sendable {
        case timedOut, cancelled, connectionClosed, resolutionFailed, connectFailed
        case tlsHandshakeFailed, certificateVerificationFailed, io, bufferLimitExceeded
    }

    public var step: Step
    public var code: Code
    /// Human text: `"connection refused (127.0.0.1:25)"`, `"timed out after 5.0 s"`.
    public var message: String

    public init(step: Step, code: Code, message: String) {
        self.step = step
        self.code = code
        self.message = message
    }

    public var description: String { "\(step.rawValue): \(message)" }
}

extension TransportError {
    /// A timeout, with how long the step had been running.
    static func timedOut(_ step: Step, since start: ContinuousClock.Instant) -> TransportError {
        TransportError(step: step, code: .timedOut, message: "timed out after \(formatSeconds(start.duration(to: .now)))")
    }

    static func cancelled(_ step: Step) -> TransportError {
        TransportError(step: step, code: .cancelled, message: "cancelled")
    }

    static func closedLocally(_ step: Step) -> TransportError {
        TransportError(step: step, code: .connectionClosed, message: "connection closed locally")
    }

    /// Maps the outcome of an event-loop wait that did not end in readiness.
    static func waitFailed(_ outcome: EventLoop.WaitOutcome, _ step: Step, since start: ContinuousClock.Instant) -> TransportError {
        switch outcome {
        case .ready: preconditionFailure("readiness is not a failure")
        case .timedOut: return .timedOut(step, since: start)
        case .cancelled: return .cancelled(step)
        case .deregistered: return .closedLocally(step)
        }
    }
}

/// `"5.0 s"`, `"0.25 s"`: one decimal at least, milliseconds at most.
func formatSeconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let millis = max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    let whole = millis / 1000
    var fraction = String(millis % 1000)
    while fraction.count < 3 { fraction = "0" + fraction }
    while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
    return "\(whole).\(fraction) s"
}
