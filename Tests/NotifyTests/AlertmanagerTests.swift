import Foundation
import MonitorCore
import Notify
import Testing

/// Alertmanager's v2 API at a local receiver: labels, annotations, startsAt and endsAt.
@Suite(.serialized) struct AlertmanagerTests {
    static let password = "am-password-31c4"

    func post(_ notice: AlertNotice, receiver: HTTPReceiver, capture: LogCapture = LogCapture(),
              authentication: AlertmanagerConfiguration.Authentication? = .basic(user: "mailprobe", password: password))
        async throws -> (NotificationOutcome, [[String: Any]]) {
        let set = NotifierSet(["am": .alertmanager(AlertmanagerConfiguration(url: receiver.base + "/", authentication: authentication,
                                                                               resolveTimeout: .seconds(3600)))],
                              logger: capture.logger)
        let outcome = try #require(await set.notifier(named: "am")?.send(notice))
        await set.shutdown()
        let request = try #require(receiver.requests.last)
        #expect(request.path == "/api/v2/alerts" && request.method == "POST")
        let alerts = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [[String: Any]])
        return (outcome, alerts)
    }

    static func date(_ text: Any?) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return (text as? String).flatMap(formatter.date(from:))
    }

    @Test func firingAlertShape() async throws {
        let receiver = try await HTTPReceiver.start()
        let capture = LogCapture()
        let before = Date()
        let (outcome, alerts) = try await post(Fixtures.notice(), receiver: receiver, capture: capture)
        let request = try #require(receiver.requests.first)
        await receiver.stop()
        #expect(outcome.delivered)
        #expect(request.header("Authorization") == "Basic " + Data("mailprobe:\(Self.password)".utf8).base64EncodedString())
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        #expect(alert["labels"] as? [String: String] == [
            "alertname": "MailProbeProbeFailing", "probe": "corp-roundtrip", "route": "corp->other",
            "location": "office-berlin", "severity": "critical",
        ])
        let annotations = try #require(alert["annotations"] as? [String: String])
        #expect(annotations["summary"] == Fixtures.notice().summary)
        #expect(annotations["description"] == Fixtures.notice().detail + "\nServer reply: 250 2.0.0 Ok: queued as 4XyZ")
        #expect(annotations["run_url"] == "https://mailprobe.example/runs/42")
        #expect(annotations["phase"] == "submit.data_accepted" && annotations["reason"] == "threshold")
        #expect(alert["startsAt"] as? String == "2025-01-01T00:00:00.000Z")
        let endsAt = try #require(Self.date(alert["endsAt"]))
        #expect(endsAt.timeIntervalSince(before) >= 3599 && endsAt.timeIntervalSince(before) < 3610)
        #expect(alert["generatorURL"] as? String == "https://mailprobe.example/runs/42")
        Fixtures.expectNoSecrets(Fixtures.texts([outcome], capture), [Self.password])
    }

    @Test func resolvedEndsBothSeveritiesAtItsTime() async throws {
        let receiver = try await HTTPReceiver.start()
        var notice = Fixtures.notice(event: .resolved, runURL: nil)
        notice.location = nil
        notice.key.route = nil
        let (outcome, alerts) = try await post(notice, receiver: receiver, authentication: .bearer("am-bearer-77"))
        let request = try #require(receiver.requests.first)
        await receiver.stop()
        #expect(outcome.delivered)
        #expect(request.header("Authorization") == "Bearer am-bearer-77")
        #expect(alerts.map { ($0["labels"] as? [String: String])?["severity"] } == ["warning", "critical"])
        for alert in alerts {
            let labels = try #require(alert["labels"] as? [String: String])
            #expect(Set(labels.keys) == ["alertname", "probe", "severity"], "empty labels are left out")
            #expect(alert["endsAt"] as? String == "2025-01-01T00:05:00.000Z")
            #expect(alert["generatorURL"] == nil)
            #expect((alert["annotations"] as? [String: String])?["run_url"] == nil)
        }
    }

    @Test func escalationEndsTheWarningAlert() async throws {
        let receiver = try await HTTPReceiver.start()
        let (_, alerts) = try await post(Fixtures.notice(event: .escalated), receiver: receiver, authentication: nil)
        let request = try #require(receiver.requests.first)
        await receiver.stop()
        #expect(request.header("Authorization") == nil)
        #expect(alerts.count == 2)
        let warning = try #require(alerts.first { ($0["labels"] as? [String: String])?["severity"] == "warning" })
        let critical = try #require(alerts.first { ($0["labels"] as? [String: String])?["severity"] == "critical" })
        #expect(warning["endsAt"] as? String == "2025-01-01T00:05:00.000Z")
        #expect(try #require(Self.date(critical["endsAt"])) > Date().addingTimeInterval(3000))
    }

    @Test func rejectedPostIsNotRetryable() async throws {
        let receiver = try await HTTPReceiver.start([CannedReply(status: 400, body: #"{"message":"bad alert"}"#)])
        let (outcome, _) = try await post(Fixtures.notice(), receiver: receiver)
        await receiver.stop()
        #expect(!outcome.delivered && !outcome.retryable && outcome.httpStatus == 400)
        #expect(outcome.error?.contains("bad alert") == true)
    }
}
