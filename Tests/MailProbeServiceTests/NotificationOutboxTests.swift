import Foundation
import HistoryStore
import Hummingbird
import HummingbirdTesting
import Logging
@testable import MailProbeService
import MonitorCore
import Notify
import Testing

/// The outbox sends every queued notice exactly once, even when notices are queued while a
/// delivery of the same notifier is finishing (the read of due entries races the delivery's commit).
@Suite struct NotificationOutboxTests {
    static func notice(_ id: Int64) -> AlertNotice {
        AlertNotice(alertID: id, key: AlertKey(probe: "p\(id)", route: nil), event: .firing, severity: .critical,
                    reasonKind: "timeout", summary: "CRITICAL p\(id)", detail: "timeout", sinceMs: 0, atMs: 0)
    }

    @Test func noticesQueuedDuringDeliveriesAreSentOnceEach() async throws {
        let log = ReceiverLog()
        let receiver = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { client in
            let directory = NSTemporaryDirectory() + "mailprobe-outbox-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let store = try HistoryStore(path: directory + "/mailprobe.sqlite")
            let logger = Logger(label: "outbox-test") { _ in SwiftLogNoOpLogHandler() }
            let notifiers = NotifierSet(["hook": .webhook(WebhookConfiguration(url: "http://127.0.0.1:\(client.port!)/hook"))], logger: logger)
            let clock = SystemServiceClock()
            let outbox = NotificationOutbox(store: store, notifiers: notifiers, specs: [], fallback: nil, clock: clock,
                                            metrics: ProbeMetrics(location: nil), logger: logger,
                                            limiter: NotifierRateLimiter(defaultLimit: .init(perHour: 100_000, burst: 1_000)))
            let loop = Task { await outbox.run() }
            let count = 400
            for id in 1...Int64(count) {
                try store.queue([QueuedNotice(notifier: "hook", notice: Self.notice(id), dedupKey: "n\(id)", notBeforeMs: clock.wallMilliseconds())])
                outbox.poke()
                if id % 3 == 0 { try await Task.sleep(for: .milliseconds(2)) }
            }
            let arrived = await log.wait(timeout: .seconds(30)) { $0.count >= count }
            // Give a duplicate the time to arrive before counting.
            try await Task.sleep(for: .milliseconds(500))
            loop.cancel()
            await loop.value
            await outbox.shutdown()
            #expect(arrived, "\(log.all.count) of \(count) notices arrived")
            let ids = log.all.compactMap { entry in entry.body.firstMatch(of: /"alert_id":(\d+)/).map { String($0.1) } }
            #expect(ids.count == count, "\(ids.count) posts for \(count) notices")
            #expect(Set(ids).count == count, "duplicates: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        }
    }
}
