import MonitorCore
import Probe
import Prometheus
import Synchronization

/// The daemon's Prometheus metrics in swift-prometheus's registry, each family with its HELP
/// text (`promtool check metrics` requires one; the swift-metrics facade carries none).
///
/// Label values are bounded: probe, route and phase names from the config, statuses, severities,
/// notifier names and endpoints; never a token, a queue id or error text.
public final class ProbeMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let location: String
    /// Every metric of a run by its labels: the registry's own lookup (labels into a key, under its
    /// lock, and a copy of the family's table when one is added) was a tenth of a connection check.
    private let handles = Mutex<[MetricKey: any AnyObject & Sendable]>([:])

    private struct MetricKey: Hashable {
        var name: String
        var values: [String]
    }

    static let help: [String: String] = [
        "mailprobe_probe_runs_total": "Probe runs by final status (ok, warning, critical, unknown, skipped, cancelled, interrupted).",
        "mailprobe_probe_last_run_timestamp_seconds": "When the last run of the probe started, Unix seconds.",
        "mailprobe_probe_last_success_timestamp_seconds": "When the last ok run of the probe started, Unix seconds.",
        "mailprobe_probe_success": "1 when the last run of the probe was ok, else 0.",
        "mailprobe_probe_phase_duration_seconds": "Duration of each protocol phase of a probe run.",
        "mailprobe_tls_certificate_expiry_timestamp_seconds": "When the endpoint's TLS certificate expires, Unix seconds.",
        "mailprobe_alerts_firing": "Alerts firing now, by severity.",
        "mailprobe_notifications_total": "Notification attempts that ended, by notifier and result (delivered, failed, gave_up).",
        "mailprobe_scheduler_lateness_seconds": "How late runs started after their scheduled slot.",
    ]

    /// Histogram buckets of every phase: 1 ms to 10 min.
    public static let phaseBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10), .seconds(20), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
    ]

    public init(location: String?) {
        registry = PrometheusCollectorRegistry()
        self.location = location ?? ""
    }

    /// Everything one run says: phase histograms, success, counters and timestamps, certificate expiry.
    public func record(_ run: ProbeRunRecord) {
        let labels = [("probe", run.probe), ("route", run.route ?? ""), ("location", location)]
        let status = run.state == .completed ? run.status.rawValue : run.state.rawValue
        counter("mailprobe_probe_runs_total", labels + [("status", status)]).increment()
        guard run.state == .completed else { return }
        let seconds = Double(run.startedAtMs) / 1000
        gauge("mailprobe_probe_last_run_timestamp_seconds", labels).set(seconds)
        // An `unknown` run (the agent offline, a secret unreadable) says nothing about the service.
        if run.status != .unknown { gauge("mailprobe_probe_success", labels).set(run.ok ? 1.0 : 0.0) }
        if run.ok { gauge("mailprobe_probe_last_success_timestamp_seconds", labels).set(seconds) }
        for phase in run.phases {
            histogram("mailprobe_probe_phase_duration_seconds",
                      [("probe", run.probe), ("route", run.route ?? ""), ("phase", phase.name), ("location", location)])
                .recordNanoseconds(Int64(phase.ms * 1_000_000))
        }
        for (role, tls) in run.tls.sorted(by: { $0.key < $1.key }) {
            guard let notAfter = tls.notAfterUnix, let endpoint = run.endpoints[role] else { continue }
            gauge("mailprobe_tls_certificate_expiry_timestamp_seconds",
                  [("probe", run.probe), ("endpoint", endpoint), ("location", location)]).set(Double(notAfter))
        }
    }

    /// Firing alerts by severity.
    public func alertsFiring(_ counts: [AlertSeverity: Int]) {
        for severity in AlertSeverity.allCases {
            gauge("mailprobe_alerts_firing", [("severity", severity.rawValue), ("location", location)]).set(Double(counts[severity] ?? 0))
        }
    }

    /// One notification attempt's end: `delivered`, `failed` or `gave_up`.
    public func notification(_ notifier: String, result: String) {
        counter("mailprobe_notifications_total", [("notifier", notifier), ("result", result), ("location", location)]).increment()
    }

    /// Scheduling lateness of started runs.
    public func lateness(_ duration: Duration) {
        histogram("mailprobe_scheduler_lateness_seconds", [("location", location)]).record(duration)
    }

    /// The text exposition format.
    public func render() -> String {
        registry.emitToString()
    }

    private func gauge(_ name: String, _ labels: [(String, String)]) -> Gauge {
        handle(name, labels) { registry.makeGauge(name: name, labels: labels, help: Self.help[name] ?? name) }
    }

    private func counter(_ name: String, _ labels: [(String, String)]) -> Counter {
        handle(name, labels) { registry.makeCounter(name: name, labels: labels, help: Self.help[name] ?? name) }
    }

    private func histogram(_ name: String, _ labels: [(String, String)]) -> DurationHistogram {
        handle(name, labels) { registry.makeDurationHistogram(name: name, labels: labels, buckets: Self.phaseBuckets, help: Self.help[name] ?? name) }
    }

    /// The metric of `name` with `labels` (their values in a fixed order per name), made once.
    private func handle<Metric: AnyObject & Sendable>(_ name: String, _ labels: [(String, String)], make: () -> Metric) -> Metric {
        let key = MetricKey(name: name, values: labels.map(\.1))
        if let known = handles.withLock({ $0[key] }) as? Metric { return known }
        let made = make()
        handles.withLock { $0[key] = made }
        return made
    }
}
