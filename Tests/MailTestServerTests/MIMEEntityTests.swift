@testable import MailTestServer
import Testing

/// The test server's MIME reading and BODYSTRUCTURE text, exactly, and against hostile messages.
@Suite struct MIMEEntityTests {
    static func crlf(_ text: String) -> [UInt8] {
        Array(text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n").utf8)
    }

    static func structure(_ text: String, extensible: Bool = true) -> String {
        String(decoding: MIMEEntity(crlf(text)[...]).bodyStructure(extensible: extensible), as: UTF8.self)
    }

    @Test func exactForms() {
        // body-type-text with and without extension data (RFC 9051 §7.5.2).
        #expect(Self.structure("Subject: x\n\nhello\n") == #"("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 7 1 NIL NIL NIL NIL)"#)
        #expect(Self.structure("Subject: x\n\nhello\n", extensible: false) == #"("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 7 1)"#)
        // body-type-mpart, and body-type-msg with its envelope, body and lines.
        let message = """
            Content-Type: multipart/mixed; boundary="b"; note="a\\";b"
            Content-Language: en, de

            --b
            Content-Type: image/png
            Content-Transfer-Encoding: base64

            iVBO
            --b
            Content-Type: message/rfc822

            Subject: inner

            body
            --b--
            """
        #expect(Self.structure(message) == #"(("IMAGE" "PNG" NIL NIL NIL "BASE64" 4 NIL NIL NIL NIL)"#
            + #"("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 22 (NIL "inner" NIL NIL NIL NIL NIL NIL NIL NIL) "#
            + #"("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 4 0 NIL NIL NIL NIL) 2 NIL NIL NIL NIL) "#
            + #""MIXED" ("BOUNDARY" "b" "NOTE" "a\";b") NIL ("en" "de") NIL)"#)
    }

    @Test func partNumbers() {
        // A top-level message/rfc822: part 1 is the enclosed message, 1.1 its body (RFC 9051 §6.4.5).
        let top = Self.crlf("Content-Type: message/rfc822\n\nSubject: inner\n\ninner body\n")
        #expect(IMAPFetchRequest.section("1", of: top) == Self.crlf("Subject: inner\n\ninner body\n"))
        #expect(IMAPFetchRequest.section("1.1", of: top) == Self.crlf("inner body\n"))
        #expect(IMAPFetchRequest.section("1.HEADER", of: top) == Self.crlf("Subject: inner\n\n"))
        // A leaf has no sub-parts; a part number past the end is empty.
        let mixed = Self.crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b--\n")
        #expect(IMAPFetchRequest.section("1", of: mixed) == Array("hello".utf8))
        #expect(IMAPFetchRequest.section("1.1", of: mixed).isEmpty)
        #expect(IMAPFetchRequest.section("2", of: mixed).isEmpty)
        #expect(IMAPFetchRequest.section("1.MIME", of: mixed) == Self.crlf("\n"))
    }

    @Test func hostileMessagesStayGrammatical() {
        // 40 nested message/rfc822: past the depth limit the rest is one opaque part.
        var nested = "Subject: bottom\n\nbottom\n"
        for _ in 0..<40 { nested = "Content-Type: message/rfc822\n\n" + nested }
        let deep = Self.structure(nested)
        #expect(deep.contains(#""APPLICATION" "OCTET-STREAM" NIL NIL NIL "7BIT""#))
        var entity = MIMEEntity(Self.crlf(nested)[...])
        var depth = 0
        while let inner = entity.embedded.first {
            entity = inner
            depth += 1
        }
        #expect(depth == MIMEEntity.maxDepth && entity.type == "APPLICATION")
        // A multipart without a boundary, or without parts, is opaque too.
        #expect(Self.structure("Content-Type: multipart/mixed\n\nno parts\n").hasPrefix(#"("APPLICATION" "OCTET-STREAM" NIL"#))
        #expect(Self.structure("Content-Type: multipart/mixed; boundary=b\n\nno delimiter\n").hasPrefix(#"("APPLICATION" "OCTET-STREAM""#))
        // 300 parts: at most maxParts described.
        var many = "Content-Type: multipart/mixed; boundary=b\n\n"
        for index in 0..<300 { many += "--b\n\npart \(index)\n" }
        let parts = MIMEEntity(Self.crlf(many + "--b--\n")[...]).parts
        #expect(parts.count == MIMEEntity.maxParts)
    }

    @Test func partialRangesFromAClient() {
        #expect(IMAPFetchRequest("BODY[]<-1.5>") == nil)
        #expect(IMAPFetchRequest("BODY[]<1.0>") == nil)
        #expect(IMAPFetchRequest("BODY[]<1.9223372036854775807>") == nil)
        guard let request = IMAPFetchRequest("BODY[]<2.999999999999>") else { Issue.record("refused"); return }
        let message = TestMailMessage(uid: 1, flags: [], internalDate: 0, bytes: Array("abcdef".utf8), queueID: nil, recent: false)
        #expect(String(decoding: request.render(message), as: UTF8.self) == "BODY[]<2> {4}\r\ncdef")
    }
}
