import Testing
@testable import MailTestServer

/// The server's IMAP command parsing and FETCH rendering, as `C:` lines and expected pieces.
@Suite struct IMAPServerCommandTests {
    @Test(arguments: [
        ("A1 LOGIN alice@example.test \"pa ss\\\"word\"", "LOGIN", 2),
        ("A2 UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100>)", "UID FETCH", 2),
        ("A3 uid search CHARSET UTF-8 HEADER Message-ID {5}", "UID SEARCH", 5),
        ("A4 STORE 1 +FLAGS.SILENT (\\Seen \\Deleted)", "STORE", 3),
    ])
    func commandsParse(_ line: String, _ name: String, _ argumentCount: Int) throws {
        let command = try IMAPServerCommand(text: Array(line.utf8), literals: [Array("<a@b>".utf8)])
        #expect(command.name == name)
        #expect(command.arguments.count == argumentCount)
    }

    @Test func sectionAtomKeepsItsSpaces() throws {
        let command = try IMAPServerCommand(text: Array("A2 FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100> FLAGS)".utf8), literals: [])
        #expect(command.arguments[1] == .list([.atom("BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100>"), .atom("FLAGS")]))
    }

    @Test(arguments: ["", "A1", "A1 (", "A1 LOGIN \"unterminated"])
    func malformedCommandsThrow(_ line: String) {
        #expect(throws: IMAPSyntaxError.self) { try IMAPServerCommand(text: Array(line.utf8), literals: []) }
    }

    @Test func trailingLiteralsAreRecognised() {
        #expect(IMAPServerSession.trailingLiteral(Array("A1 APPEND INBOX {12}".utf8)).map { [$0.0, $0.1 ? 1 : 0] } == [12, 1])
        #expect(IMAPServerSession.trailingLiteral(Array("A1 LOGIN {5+}".utf8)).map { [$0.0, $0.1 ? 1 : 0] } == [5, 0])
        #expect(IMAPServerSession.trailingLiteral(Array("A1 LOGIN {x}".utf8)) == nil)
        #expect(IMAPServerSession.trailingLiteral(Array("A1 LOGIN {99999999999999}".utf8)) == nil)
    }

    static let message = Array("Received: from x\r\n\tby y\r\nSubject: hi\r\nFrom: a@b\r\n\r\nbody\r\n".utf8)

    @Test(arguments: [
        ("", "Received: from x\r\n\tby y\r\nSubject: hi\r\nFrom: a@b\r\n\r\nbody\r\n"),
        ("HEADER", "Received: from x\r\n\tby y\r\nSubject: hi\r\nFrom: a@b\r\n\r\n"),
        ("TEXT", "body\r\n"),
        ("HEADER.FIELDS (SUBJECT RECEIVED)", "Received: from x\r\n\tby y\r\nSubject: hi\r\n\r\n"),
        ("HEADER.FIELDS.NOT (RECEIVED)", "Subject: hi\r\nFrom: a@b\r\n\r\n"),
    ])
    func sectionsCutTheMessage(_ section: String, _ expected: String) {
        #expect(String(decoding: IMAPFetchRequest.section(section, of: Self.message), as: UTF8.self) == expected)
    }

    @Test func searchProgramsMatch() throws {
        let stored = TestMailMessage(uid: 7, flags: ["\\Seen"], internalDate: 0, bytes: Self.message, queueID: nil, recent: false)
        func matches(_ line: String) throws -> Bool {
            let command = try IMAPServerCommand(text: Array("A UID SEARCH \(line)".utf8), literals: [])
            return try IMAPSearchProgram.parse(command.arguments).matches(stored, sequence: 1, largestUID: 7, count: 1)
        }
        #expect(try matches("ALL"))
        #expect(try matches("SUBJECT HI"))
        #expect(try matches("HEADER From \"a@b\""))
        #expect(try !matches("HEADER Message-ID x"))
        #expect(try matches("UID 5:*"))
        #expect(try matches("OR UNSEEN SEEN"))
        #expect(try matches("NOT DELETED SINCE 1-Jan-1970"))
        #expect(try !matches("(SEEN UID 1:6)"))
    }
}
