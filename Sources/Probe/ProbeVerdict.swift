import MailTransport

/// The one evaluator: phases and TLS facts against thresholds, for every kind of probe.
enum ProbeVerdict {
    /// Adds the threshold and certificate reasons to `result` (raising its status).
    static func apply(_ thresholds: ProbeThresholds, to result: inout RoundTripResult, nowUnix: Int64 = Int64(ProbeClock.unixNow())) {
        for reason in thresholds.evaluate(result.phases) { result.add(reason) }
        for (endpoint, tls) in [("smtp", result.smtpTLS), ("imap", result.imapTLS)] {
            guard let notAfter = tls?.notAfter else { continue }
            let daysLeft = Int((notAfter - nowUnix) / 86_400)
            if let reason = thresholds.evaluateCertificate(endpoint: endpoint, daysLeft: daysLeft) {
                result.add(reason)
            }
        }
    }
}
