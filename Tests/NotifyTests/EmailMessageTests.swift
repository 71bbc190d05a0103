import Foundation
import MonitorCore
@testable import Notify
import Testing

/// The e-mail's header block cannot be broken by what a notice says.
@Suite struct EmailMessageTests {
    @Test func lineBreaksInTheSummaryCannotAddHeaders() {
        let notice = Fixtures.notice(summary: "CRITICAL x\r\nBcc: mallory@example.test\nX-Evil: 1")
        let message = String(decoding: EmailMessage.render(notice, from: "a@example.test", to: ["b@example.test"]), as: UTF8.self)
        let head = message.components(separatedBy: "\r\n\r\n")[0]
        #expect(!head.contains("\r\nBcc:") && !head.contains("\nX-Evil"))
        #expect(head.contains("Subject: CRITICAL x  Bcc: mallory@example.test X-Evil: 1"))
    }

    @Test func longBodyLinesAreSplitAndEveryLineEndsInCRLF() {
        var notice = Fixtures.notice()
        notice.detail = String(repeating: "ä", count: 1200) + "\nnext\rline"
        let body = EmailMessage.bodyText(notice)
        let lines = body.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 && !$0.contains("\r") && !$0.contains("\n") })
        #expect(lines.prefix(5) == [String(repeating: "ä", count: 499), String(repeating: "ä", count: 499),
                                    String(repeating: "ä", count: 202), "next", "line"])
    }
}
