import Logging
import MonitorCore
import Notify
import Probe

/// `mailprobe alert test`: one notice straight through one notifier, bypassing the outbox.
public enum NotifierTest {
    public struct Outcome: Sendable {
        public var delivered: Bool
        public var httpStatus: Int?
        public var error: String?
        public var milliseconds: Int64
    }

    public static func send(_ notice: AlertNotice, via name: String, in file: ProbeConfigFile, logger: Logger) async throws -> Outcome {
        guard let spec = file.notifiers.first(where: { $0.name == name }) else {
            throw ConfigError(.unknownKey, at: ConfigLocation(file: file.file, line: nil, keyPath: "notifiers"),
                              "no notifier named \"\(name)\"; the file has \(file.notifiers.isEmpty ? "none" : file.notifiers.map(\.name).joined(separator: ", "))")
        }
        let configuration = try await NotifierConfigurations.resolve(spec, in: file)
        let set = NotifierSet([name: configuration], logger: logger)
        guard let notifier = set.notifier(named: name) else {
            await set.shutdown()
            return Outcome(delivered: false, error: "the notifier could not be built", milliseconds: 0)
        }
        let outcome = await notifier.send(notice)
        await set.shutdown()
        return Outcome(delivered: outcome.delivered, httpStatus: outcome.httpStatus, error: outcome.error,
                       milliseconds: outcome.latency.wholeMilliseconds)
    }
}
