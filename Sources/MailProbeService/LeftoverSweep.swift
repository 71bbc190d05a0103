import HistoryStore
import Logging
import Probe

/// Deletes the probe messages that runs a crash interrupted left in the mailboxes, on the probe's next
/// run: their tokens were journalled when they started and noted at recovery.
enum LeftoverSweep {
    /// Failed sweeps of a token before it is given up (the round trip's hourly age sweep remains).
    static let maximumTries = 3

    static func run(_ execution: ProbeExecution, store: HistoryStore, logger: Logger) async {
        let probe = execution.spec.name
        guard let leftovers = try? await Offload.run({ try store.leftoverTokens(probe: probe) }), !leftovers.isEmpty else { return }
        for (route, group) in Dictionary(grouping: leftovers, by: \.route).sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
            let tokens = group.map(\.token)
            var metadata: Logger.Metadata = ["probe": "\(probe)", "tokens": "\(tokens.joined(separator: ","))"]
            if let route { metadata["route"] = "\(route)" }
            do {
                let deleted = try await execution.deleteLeftovers(tokens, route: route)
                try await Offload.inOrder { try store.leftoversSwept(tokens) }
                metadata["deleted"] = "\(deleted)"
                logger.info("swept the probe messages of interrupted runs", metadata: metadata)
            } catch {
                let givenUp = (try? await Offload.inOrder { try store.leftoverSweepFailed(tokens, maxTries: maximumTries) }) ?? []
                metadata["error"] = "\(error)"
                if givenUp.isEmpty {
                    logger.warning("could not sweep the probe messages of interrupted runs; the next run tries again", metadata: metadata)
                } else {
                    metadata["given_up"] = "\(givenUp.joined(separator: ","))"
                    logger.error("gave up sweeping the probe messages of interrupted runs after \(maximumTries) tries; the round trip's age sweep removes them later",
                                 metadata: metadata)
                }
            }
        }
    }
}
