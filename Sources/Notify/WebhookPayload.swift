import Foundation
import MonitorCore

/// The bodies a webhook posts: the notice JSON, Slack's `{"text": …}` and a Teams MessageCard.
enum WebhookPayload {
    static func body(for notice: AlertNotice, format: WebhookConfiguration.Format) -> [UInt8] {
        switch format {
        case .json: encode(NoticeWithText(notice: notice))
        case .slack: encode(SlackMessage(text: slackText(notice)))
        case .teams: encode(teamsCard(notice))
        }
    }

    /// The notice's own JSON, for the command notifier's standard input and the webhook.
    static func noticeJSON(_ notice: AlertNotice) -> [UInt8] { encode(NoticeWithText(notice: notice)) }

    /// Summary, detail and link, one per line, skipping what is empty.
    static func slackText(_ notice: AlertNotice) -> String {
        [notice.summary, notice.detail, notice.runURL ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")
    }

    static func teamsCard(_ notice: AlertNotice) -> TeamsMessageCard {
        var lines = [notice.detail]
        if let reply = notice.serverReply, !reply.isEmpty { lines.append("Server reply: \(reply)") }
        if let link = notice.runURL { lines.append("[Run \(notice.runID.map(String.init) ?? "details")](\(link))") }
        return TeamsMessageCard(summary: notice.summary, themeColor: themeColor(notice),
                                title: "\(eventTitle(notice.event)): \(notice.key)",
                                text: lines.filter { !$0.isEmpty }.joined(separator: "\n\n"))
    }

    /// Green when resolved, blue for a test, red when critical, amber for a warning.
    static func themeColor(_ notice: AlertNotice) -> String {
        switch notice.event {
        case .resolved: "2EB886"
        case .test: "0078D7"
        case .firing, .escalated, .repeated:
            switch notice.severity {
            case .critical: "D00000"
            case .warning: "FFA500"
            }
        }
    }

    static func eventTitle(_ event: AlertNotice.Event) -> String {
        switch event {
        case .firing: "Firing"
        case .escalated: "Escalated"
        case .repeated: "Still firing"
        case .resolved: "Resolved"
        case .test: "Test"
        }
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // These types hold only strings and integers, which always encode.
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }
}

/// The notice's JSON with `"text"` (the summary) added, for chat tools that show `text`.
struct NoticeWithText: Encodable {
    var notice: AlertNotice

    enum CodingKeys: String, CodingKey { case text }

    func encode(to encoder: any Encoder) throws {
        try notice.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(notice.summary, forKey: .text)
    }
}

/// Slack's incoming-webhook message.
struct SlackMessage: Encodable {
    var text: String
}

/// A Microsoft Teams connector card (legacy `MessageCard`, still what incoming webhooks and Workflows accept).
struct TeamsMessageCard: Encodable {
    var type = "MessageCard"
    var context = "https://schema.org/extensions"
    var summary: String
    var themeColor: String
    var title: String
    var text: String

    enum CodingKeys: String, CodingKey {
        case type = "@type"
        case context = "@context"
        case summary, themeColor, title, text
    }
}
