import Logging
import Probe

/// One log line per run at `info` (probe, route, status, total, slowest phase, reason), each phase at `debug`.
enum RunLog {
    static func log(_ run: ProbeRunRecord, to logger: Logger) {
        var metadata: Logger.Metadata = [
            "probe": "\(run.probe)", "status": "\(run.state == .completed ? run.status.rawValue : run.state.rawValue)",
            "total_ms": "\(run.durationMs)",
        ]
        if let route = run.route { metadata["route"] = "\(route)" }
        if let id = run.id { metadata["run"] = "\(id)" }
        if let slowest = run.phases.filter({ $0.name != "total" }).max(by: { $0.ms < $1.ms }) {
            metadata["slowest"] = "\(slowest.name)=\(slowest.ms)ms"
        }
        if let reason = run.mainReason { metadata["reason"] = "\(reason.kind.rawValue): \(reason.message)" }
        let level: Logger.Level = run.ok ? .info : .notice
        logger.log(level: level, "run \(run.probe)\(run.route.map { " " + $0 } ?? ""): \(metadata["status"]!)", metadata: metadata)
        guard logger.logLevel <= .debug else { return }
        for phase in run.phases {
            logger.debug("phase", metadata: ["probe": "\(run.probe)", "phase": "\(phase.name)", "ms": "\(phase.ms)"])
        }
    }
}
