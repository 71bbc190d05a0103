import IMAPCore
import MailCore
import Testing

@Suite("IMAPCommandEncoder")
struct IMAPCommandEncoderTests {
    static let tag = try! IMAPTag("A0001")

    func encode(_ command: IMAPCommand, _ options: IMAPCommandEncoder.Options = .init()) throws -> IMAPEncodedCommand {
        try IMAPCommandEncoder(options: options).encode(command, tag: Self.tag)
    }

    func text(_ encoded: IMAPEncodedCommand) -> [String] {
        encoded.segments.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: [
        (IMAPCommand.capability, "A0001 CAPABILITY\r\n"),
        (.noop, "A0001 NOOP\r\n"),
        (.logout, "A0001 LOGOUT\r\n"),
        (.startTLS, "A0001 STARTTLS\r\n"),
        (.idle, "A0001 IDLE\r\n"),
        (.unselect, "A0001 UNSELECT\r\n"),
        (.close, "A0001 CLOSE\r\n"),
        (.expunge, "A0001 EXPUNGE\r\n"),
        (.id(nil), "A0001 ID NIL\r\n"),
        (.id([IMAPIDParameter(key: "name", value: "MailProbe"), IMAPIDParameter(key: "os", value: nil)]), "A0001 ID (\"name\" \"MailProbe\" \"os\" NIL)\r\n"),
        (.enable([.condStore, .qresync]), "A0001 ENABLE CONDSTORE QRESYNC\r\n"),
        (.login(username: "alice", password: "s3cret"), "A0001 LOGIN alice s3cret\r\n"),
        (.login(username: "alice@example.test", password: "two words"), "A0001 LOGIN alice@example.test \"two words\"\r\n"),
        (.login(username: "nil", password: "q\"b\\s"), "A0001 LOGIN \"nil\" \"q\\\"b\\\\s\"\r\n"),
        (.login(username: "", password: "x"), "A0001 LOGIN \"\" x\r\n"),
        (.select(.inbox), "A0001 SELECT INBOX\r\n"),
        (.select(IMAPMailboxName("日本語"), condStore: true), "A0001 SELECT &ZeVnLIqe- (CONDSTORE)\r\n"),
        (.examine(IMAPMailboxName("Sent Items")), "A0001 EXAMINE \"Sent Items\"\r\n"),
        (.create(IMAPMailboxName("été")), "A0001 CREATE &AOk-t&AOk-\r\n"),
        (.list(pattern: "*"), "A0001 LIST \"\" *\r\n"),
        (.list(reference: "", pattern: "Archiv/%"), "A0001 LIST \"\" Archiv/%\r\n"),
        (.status(.inbox, [.messages, .uidNext, .highestModSeq]), "A0001 STATUS INBOX (MESSAGES UIDNEXT HIGHESTMODSEQ)\r\n"),
        (.uidSearch(.all), "A0001 UID SEARCH ALL\r\n"),
        (.uidSearch(.and([.since(IMAPSearchDate(year: 2024, month: 2, day: 1)), .header("Message-ID", "<abc@example.test>")])),
         "A0001 UID SEARCH SINCE 1-Feb-2024 HEADER Message-ID <abc@example.test>\r\n"),
        (.uidSearch(.or(.subject("hello"), .not(.uid(IMAPSequenceSet("1:100")!)))), "A0001 UID SEARCH OR SUBJECT hello NOT UID 1:100\r\n"),
        (.uidSearch(.not(.and([.seen, .deleted]))), "A0001 UID SEARCH NOT (SEEN DELETED)\r\n"),
        (.uidSearch(.raw("X-GM-RAW \"has:attachment\"")), "A0001 UID SEARCH X-GM-RAW \"has:attachment\"\r\n"),
        (.uidFetch(IMAPSequenceSet("1:*")!, [.uid, .flags, .rfc822Size, .internalDate, .envelope, .bodyStructure]),
         "A0001 UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)\r\n"),
        (.uidFetch(IMAPSequenceSet([42]), [.body(IMAPSectionSpecifier(kind: .headerFields(["SUBJECT", "FROM"])), partial: 0...2047)]),
         "A0001 UID FETCH 42 (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.2048>)\r\n"),
        (.uidFetch(IMAPSequenceSet([42]), [.body(IMAPSectionSpecifier(part: [1, 2], kind: .mime), peek: false), .body(.complete), .binary(part: [1]), .binarySize(part: [1])]),
         "A0001 UID FETCH 42 (BODY[1.2.MIME] BODY.PEEK[] BINARY.PEEK[1] BINARY.SIZE[1])\r\n"),
        (.uidFetch(IMAPSequenceSet("1:*")!, [.flags, .modSeq, .other("X-GM-LABELS")], changedSince: 12345),
         "A0001 UID FETCH 1:* (FLAGS MODSEQ X-GM-LABELS) (CHANGEDSINCE 12345)\r\n"),
        (.uidStore(IMAPSequenceSet([4827]), .add([.seen], silent: true)), "A0001 UID STORE 4827 +FLAGS.SILENT (\\Seen)\r\n"),
        (.uidStore(IMAPSequenceSet([1, 2, 3]), .remove([.flagged, IMAPFlag("$Junk")])), "A0001 UID STORE 1:3 -FLAGS (\\Flagged $Junk)\r\n"),
        (.uidStore(IMAPSequenceSet([9]), .replace([])), "A0001 UID STORE 9 FLAGS ()\r\n"),
        (.uidExpunge(IMAPSequenceSet("3000:3002")!), "A0001 UID EXPUNGE 3000:3002\r\n"),
        (.uidMove(IMAPSequenceSet([7]), IMAPMailboxName("Archive/2024")), "A0001 UID MOVE 7 Archive/2024\r\n"),
        (.uidCopy(IMAPSequenceSet([7, 9]), IMAPMailboxName("Sent Items")), "A0001 UID COPY 7,9 \"Sent Items\"\r\n"),
        (.delete(IMAPMailboxName("Old")), "A0001 DELETE Old\r\n"),
        (.rename(IMAPMailboxName("Old"), to: IMAPMailboxName("New Name")), "A0001 RENAME Old \"New Name\"\r\n"),
        (.authenticate(mechanism: "plain", initialResponse: nil), "A0001 AUTHENTICATE PLAIN\r\n"),
    ] as [(IMAPCommand, String)])
    func singleLine(command: IMAPCommand, expected: String) throws {
        let encoded = try encode(command)
        #expect(text(encoded) == [expected])
        #expect(!encoded.needsContinuation)
    }

    @Test func synchronisingLiteralsSplitSegments() throws {
        let encoded = try encode(.login(username: "jöhn", password: "line\r\nbreak"))
        #expect(text(encoded) == ["A0001 LOGIN {5}\r\n", "jöhn {11}\r\n", "line\r\nbreak\r\n"])
        #expect(encoded.redactedDescription == "A0001 LOGIN {5 bytes} ****")
        #expect(encoded.bytes == "A0001 LOGIN {5}\r\njöhn {11}\r\nline\r\nbreak\r\n".bytes)
    }

    @Test func literalPlusNeverWaits() throws {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 10_000) + [0xC3, 0xA9]
        let options = IMAPCommandEncoder.Options(literalMode: .literalPlus)
        let encoded = try encode(.login(username: "jöhn", password: String(decoding: big, as: UTF8.self)), options)
        #expect(encoded.segments.count == 1)
        #expect(encoded.bytes.starts(with: "A0001 LOGIN {5+}\r\njöhn {10002+}\r\n".bytes))
    }

    @Test(arguments: [(4096, 1), (4097, 2)])
    func literalMinusAllowsUpTo4096(size: Int, segments: Int) throws {
        let message = [UInt8](repeating: UInt8(ascii: "m"), count: size)
        let options = IMAPCommandEncoder.Options(literalMode: .literalMinus)
        let encoded = try encode(.append(.inbox, message: message), options)
        #expect(encoded.segments.count == segments)
        let header = segments == 1 ? "A0001 APPEND INBOX {\(size)+}\r\n" : "A0001 APPEND INBOX {\(size)}\r\n"
        #expect(encoded.bytes == header.bytes + message + "\r\n".bytes)
        #expect(encoded.redactedDescription == "A0001 APPEND INBOX {\(size) bytes}")
    }

    @Test func appendWithFlagsAndDate() throws {
        let date = IMAPInternalDate(year: 2024, month: 2, day: 1, hour: 12, minute: 0, second: 0, zoneOffsetMinutes: 60)
        let message = "Subject: x\r\n\r\nhi\r\n".bytes
        let encoded = try encode(.append(IMAPMailboxName("Sent"), flags: [.seen, .draft], date: date, message: message))
        #expect(text(encoded) == ["A0001 APPEND Sent (\\Seen \\Draft) \" 1-Feb-2024 12:00:00 +0100\" {18}\r\n", "Subject: x\r\n\r\nhi\r\n\r\n"])
    }

    @Test func searchWithUTF8AddsCharset() throws {
        let encoded = try encode(.uidSearch(.subject("Grüße")))
        #expect(text(encoded) == ["A0001 UID SEARCH CHARSET UTF-8 SUBJECT {7}\r\n", "Grüße\r\n"])
    }

    @Test func authenticateWithSASLIR() throws {
        let response = "\0alice\0secret".bytes
        let withIR = try encode(.authenticate(mechanism: "PLAIN", initialResponse: response), .init(saslIR: true))
        #expect(text(withIR) == ["A0001 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n"])
        #expect(withIR.redactedDescription == "A0001 AUTHENTICATE PLAIN ****")
        let empty = try encode(.authenticate(mechanism: "EXTERNAL", initialResponse: []), .init(saslIR: true))
        #expect(text(empty) == ["A0001 AUTHENTICATE EXTERNAL =\r\n"])
        // Without SASL-IR the response waits for the first continuation.
        let withoutIR = try encode(.authenticate(mechanism: "PLAIN", initialResponse: response))
        #expect(text(withoutIR) == ["A0001 AUTHENTICATE PLAIN\r\n", "AGFsaWNlAHNlY3JldA==\r\n"])
        #expect(!withoutIR.redactedDescription.contains("AGFsaWNl"))
        #expect(IMAPCommandEncoder.authenticationResponse("abc".bytes) == "YWJj\r\n".bytes)
        #expect(IMAPCommandEncoder.authenticationResponse([]) == "\r\n".bytes)
    }

    @Test func redaction() throws {
        let login = try encode(.login(username: "alice", password: "hunter2"))
        #expect(login.redactedDescription == "A0001 LOGIN alice ****")
        #expect(login.description == "A0001 LOGIN alice ****")
        let quoted = try encode(.login(username: "alice", password: "with space"))
        #expect(quoted.redactedDescription == "A0001 LOGIN alice ****")
        let select = try encode(.select(IMAPMailboxName("Sent Items")))
        #expect(select.redactedDescription == "A0001 SELECT \"Sent Items\"")
    }

    @Test(arguments: ["", "A 1", "A1\r\nA2 DELETE INBOX", "A+1", "A(1", "A\"1", "A\u{0}", "Ä1", "A{1}"])
    func tagsRejectInjection(tag: String) {
        let error = #expect(throws: IMAPCommandEncodingError.self) { try IMAPTag(tag) }
        #expect(error?.kind == .invalidTag)
    }

    @Test(arguments: [
        (IMAPCommand.authenticate(mechanism: "PLAIN\r\nA2 LOGOUT", initialResponse: nil), IMAPCommandEncodingError.Kind.invalidAtom),
        (.authenticate(mechanism: "", initialResponse: nil), .invalidAtom),
        (.uidStore(IMAPSequenceSet([1]), .add([IMAPFlag("bad flag")])), .invalidAtom),
        (.uidStore(IMAPSequenceSet([1]), .add([IMAPFlag("$x\r\nA2 LOGOUT")])), .invalidAtom),
        (.uidStore(IMAPSequenceSet([1]), .add([.recent])), .invalidAtom),
        (.enable([IMAPCapability("X Y")]), .invalidAtom),
        (.uidFetch(IMAPSequenceSet([1]), [.other("FLAGS)\r\nA2 LOGOUT")]), .invalidAtom),
        (.uidSearch(.raw("ALL\r\nA2 LOGOUT")), .lineBreak),
        (.uidSearch(.raw("ALL\nA2 LOGOUT")), .lineBreak),
        (.uidSearch(.raw("")), .nulByte),
        (.login(username: "a\u{0}b", password: "x"), .nulByte),
        (.append(.inbox, message: [0x41, 0x00]), .nulByte),
        (.uidFetch(IMAPSequenceSet([1]), []), .emptyList),
        (.status(.inbox, []), .emptyList),
        (.enable([]), .emptyList),
        (.uidSearch(.and([])), .emptyList),
        (.uidExpunge(IMAPSequenceSet([])), .emptyList),
    ] as [(IMAPCommand, IMAPCommandEncodingError.Kind)])
    func rejectsUnsafeArguments(command: IMAPCommand, kind: IMAPCommandEncodingError.Kind) {
        let error = #expect(throws: IMAPCommandEncodingError.self) { try encode(command) }
        #expect(error?.kind == kind)
        #expect(error?.description.contains("LOGOUT") == false)
    }

    @Test func tagGenerator() {
        var generator = IMAPTagGenerator()
        #expect(generator.next().rawValue == "A0001")
        #expect(generator.next().rawValue == "A0002")
        var big = IMAPTagGenerator(prefix: "X", counter: 9999)
        #expect(big.next().rawValue == "X10000")
    }

    @Test func optionsFromCapabilities() {
        #expect(IMAPCommandEncoder.Options(capabilities: [.literalPlus, .saslIR]) == .init(literalMode: .literalPlus, saslIR: true))
        #expect(IMAPCommandEncoder.Options(capabilities: [.literalMinus]) == .init(literalMode: .literalMinus))
        #expect(IMAPCommandEncoder.Options(capabilities: [.imap4rev1]) == .init())
    }

    /// Strings the encoder writes parse back to the same bytes: the server would read what we meant.
    @Test(arguments: ["plain", "two words", "q\"b\\s", "", "NIL", "日本語", "line\r\nbreak", "{5}", "]bracket", "ünïcödé & more",
                      String(repeating: "x", count: 2000)])
    func roundTripThroughTheParser(value: String) throws {
        for mode in [IMAPCommandEncoder.LiteralMode.synchronizing, .literalPlus] {
            // Encode as a LIST mailbox argument, then parse it back as a server LIST response.
            let name = IMAPMailboxName(value)
            let encoded = try encode(.create(name), .init(literalMode: mode))
            let argument = encoded.bytes.dropFirst("A0001 CREATE ".utf8.count)
            let responses = try Feed.whole("* LIST () \"/\" ".bytes + argument)
            guard case .untagged(.list(let info))? = responses.first, responses.count == 1 else {
                Issue.record("\(value): \(responses)"); continue
            }
            #expect(info.name.raw == name.raw)
            #expect(info.name.name == (name.isInbox ? "INBOX" : value))
        }
    }

    @Test(arguments: ["hunter2", "pa ss", "p\"w", "pässwörd", "a\r\nb", ""])
    func loginPasswordRoundTrip(password: String) throws {
        let encoded = try encode(.login(username: "u", password: password), .init(literalMode: .literalPlus))
        // The response grammar reads astrings the way a server reads LOGIN's arguments.
        let argument = Array(encoded.bytes.dropFirst("A0001 LOGIN u ".utf8.count))
        let responses = try Feed.whole("* LIST () \"/\" ".bytes + argument)
        guard case .untagged(.list(let info))? = responses.first else { Issue.record("\(responses)"); return }
        #expect(info.name.raw == Array(password.utf8))
    }
}
