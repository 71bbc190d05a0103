import IMAPClient
import IMAPCore
import MailCore
import MailTestServer
import Testing

/// BODYSTRUCTURE and part sections on the test server, read back by our own parser:
/// multipart/mixed holding multipart/alternative, a base64 attachment and a message/rfc822.
@Suite struct BodyStructureTests {
    static let message = """
        From: alice@example.test
        To: bob@example.test
        Subject: structure
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="outer"

        This is the preamble.
        --outer
        Content-Type: multipart/alternative; boundary=inner

        --inner
        Content-Type: text/plain; charset=utf-8

        Plain text.
        --inner
        Content-Type: text/html; charset="utf-8"
        Content-Transfer-Encoding: quoted-printable

        <p>HTML</p>
        --inner--
        --outer
        Content-Type: application/pdf; name="report.pdf"
        Content-Transfer-Encoding: base64
        Content-Disposition: attachment; filename="report.pdf"
        Content-ID: <pdf@example.test>

        JVBERi0xLjQK
        --outer
        Content-Type: message/rfc822

        From: carol@example.test
        Subject: forwarded

        Forwarded body.
        --outer--
        Epilogue.

        """.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")

    @Test func structureAndParts() async throws {
        let server = try await Support.start()
        let imap = Support.imap(server)
        try await imap.connect()
        let uid = try #require(try await imap.append(Array(Self.message.utf8), to: "INBOX"))
        try await imap.select("INBOX")
        let fetched = try await imap.uidFetch(IMAPSequenceSet([uid]), [
            .bodyStructure, .body(.complete, peek: true),
            .body(IMAPSectionSpecifier(part: [1, 2]), peek: true),
            .body(IMAPSectionSpecifier(part: [2], kind: .mime), peek: true),
            .body(IMAPSectionSpecifier(part: [2]), peek: true),
            .body(IMAPSectionSpecifier(part: [3], kind: .header), peek: true),
            .body(IMAPSectionSpecifier(part: [3, 1]), peek: true),
            .body(IMAPSectionSpecifier(part: [9]), peek: true),
        ])
        let response = try #require(fetched.first)
        let structure = try #require(response.bodyStructure)
        guard case .multipart(let mixed) = structure else { Issue.record("not multipart: \(structure)"); return }
        #expect(mixed.subtype == "MIXED" && mixed.parts.count == 3)
        #expect(mixed.extension?.parameters == [.init(name: "BOUNDARY", value: "outer")])
        #expect(structure.part(at: [1])?.mediaType == "multipart/alternative")
        #expect(structure.part(at: [1, 1])?.mediaType == "text/plain")
        #expect(structure.part(at: [1, 2])?.mediaType == "text/html")
        guard case .singlepart(let pdf)? = structure.part(at: [2]) else { Issue.record("no part 2"); return }
        #expect(pdf.fields.encoding == "BASE64" && pdf.fields.octets == 12 && pdf.fields.id == "<pdf@example.test>")
        #expect(pdf.extension?.disposition == .init(type: "ATTACHMENT", parameters: [.init(name: "FILENAME", value: "report.pdf")]))
        guard case .singlepart(let forwarded)? = structure.part(at: [3]),
              case .message(let envelope, let inner, _) = forwarded.kind else { Issue.record("no message/rfc822"); return }
        #expect(envelope.subject == "forwarded" && inner.mediaType == "text/plain")
        #expect(structure.part(at: [3, 1])?.mediaType == "text/plain")

        func text(_ section: IMAPSectionSpecifier) -> String? {
            response.body(section).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(text(.complete) == Self.message)
        #expect(text(IMAPSectionSpecifier(part: [1, 2])) == "<p>HTML</p>")
        #expect(text(IMAPSectionSpecifier(part: [2], kind: .mime))?.hasPrefix("Content-Type: application/pdf") == true)
        #expect(text(IMAPSectionSpecifier(part: [2])) == "JVBERi0xLjQK")
        #expect(text(IMAPSectionSpecifier(part: [3], kind: .header)) == "From: carol@example.test\r\nSubject: forwarded\r\n\r\n")
        #expect(text(IMAPSectionSpecifier(part: [3, 1])) == "Forwarded body.")
        #expect(text(IMAPSectionSpecifier(part: [9])) == "")
        try await imap.logout()
        await server.stop()
    }
}
