import IMAPCore
import MailCore
import Testing

@Suite("IMAP grammar types")
struct IMAPGrammarTypeTests {
    @Test(arguments: [
        ("日本語", "&ZeVnLIqe-"),
        ("été", "&AOk-t&AOk-"),
        ("INBOX", "INBOX"),
        ("Tom & Jerry", "Tom &- Jerry"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ("Entwürfe", "Entw&APw-rfe"),
        ("😀", "&2D3eAA-"),
        ("a\u{7F}b", "a&AH8-b"),
        ("", ""),
    ])
    func modifiedUTF7(decoded: String, encoded: String) {
        #expect(IMAPModifiedUTF7.encode(decoded) == encoded.bytes)
        #expect(IMAPModifiedUTF7.decode(encoded.bytes) == decoded)
    }

    @Test(arguments: ["&", "&ZeVnLIqe", "&AGE-", "&Zz-", "&!!-", "caf\u{E9}", "&2D0-"])
    func invalidModifiedUTF7(encoded: String) {
        #expect(IMAPModifiedUTF7.decode(encoded.bytes) == nil)
    }

    @Test func mailboxNameFallsBackToUTF8() {
        let name = IMAPMailboxName(raw: "Entwürfe".bytes)
        #expect(name.name == "Entwürfe")
        #expect(IMAPMailboxName("inbox") == .inbox)
        #expect(IMAPMailboxName("日本語").raw == "&ZeVnLIqe-".bytes)
    }

    @Test(arguments: [
        ("1", [IMAPSequenceSet.Range(1)]),
        ("1:4,7,12:*", [.init(.number(1), .number(4)), .init(7), .init(.number(12), .last)]),
        ("*", [.init(.last, .last)]),
        ("5:2", [.init(.number(5), .number(2))]),
        ("4294967295", [.init(UInt32.max)]),
    ])
    func sequenceSets(string: String, ranges: [IMAPSequenceSet.Range]) {
        #expect(IMAPSequenceSet(string) == IMAPSequenceSet(ranges))
        #expect(IMAPSequenceSet(ranges).description == string)
    }

    @Test(arguments: ["", "0", "1:", ":1", "1,,2", "a", "1 2", "4294967296", "-1"])
    func invalidSequenceSets(string: String) {
        #expect(IMAPSequenceSet(string) == nil)
    }

    @Test func sequenceSetFromNumbers() {
        #expect(IMAPSequenceSet([7, 1, 2, 3, 5, 3, UInt32.max]).description == "1:3,5,7,4294967295")
        #expect(IMAPSequenceSet("2,10:11")?.numbers() == [2, 10, 11])
        #expect(IMAPSequenceSet.all.numbers() == nil)
        #expect(IMAPSequenceSet.all.description == "1:*")
    }

    @Test(arguments: [
        ("17-Jul-1996 02:44:25 -0700", 837_596_665),
        (" 1-Jan-1970 00:00:00 +0000", 0),
        ("01-Jan-1970 01:00:00 +0100", 0),
        ("29-Feb-2024 23:59:59 +0000", 1_709_251_199),
        ("14-nov-2023 22:13:20 +0530", 1_700_000_000 - 19_800),
        ("1-Jan-2000 00:00:00 +0000", 946_684_800),
    ] as [(String, Int64)])
    func internalDates(string: String, unixTime: Int64) throws {
        let date = try #require(IMAPInternalDate(string))
        #expect(date.unixTime == unixTime)
        #expect(date.rawValue == string)
    }

    @Test(arguments: ["", "17-Jul-1996 02:44:25", "17-Jux-1996 02:44:25 -0700", "32-Jul-1996 02:44:25 -0700",
                      "17-Jul-1996 24:44:25 -0700", "17/Jul/1996 02:44:25 -0700", "17-Jul-1996 02:44:25 *0700"])
    func invalidInternalDates(string: String) {
        #expect(IMAPInternalDate(string) == nil)
    }

    @Test func internalDateFromComponents() {
        let date = IMAPInternalDate(year: 2023, month: 11, day: 4, hour: 9, minute: 5, second: 0, zoneOffsetMinutes: -90)
        #expect(date.rawValue == " 4-Nov-2023 09:05:00 -0130")
        #expect(IMAPInternalDate(date.rawValue) == date)
    }

    @Test func sectionDescriptions() {
        #expect(IMAPSectionSpecifier(kind: .headerFields(["SUBJECT", "FROM"])).description == "HEADER.FIELDS (SUBJECT FROM)")
        #expect(IMAPSectionSpecifier(part: [1, 2], kind: .mime).description == "1.2.MIME")
        #expect(IMAPSectionSpecifier.complete.description == "")
    }

    @Test func capabilitiesAndFlagsNormalise() {
        #expect(IMAPCapability("auth=plain") == IMAPCapability("AUTH=PLAIN"))
        #expect(IMAPCapability("AUTH=PLAIN").authenticationMechanism == "PLAIN")
        #expect(IMAPFlag("\\SEEN") == .seen)
        #expect(IMAPFlag("$Forwarded").rawValue == "$Forwarded")
    }

    @Test func errorDescriptionEscapes() {
        let error = IMAPParseError(kind: .syntax, detail: "expected SP", offset: 3, bytes: [0x2A, 0x0D, 0x0A, 0xFF, 0x22])
        #expect(error.description == #"invalid IMAP response (syntax: expected SP at offset 3): "*\r\n\xFF\"""#)
        let long = IMAPParseError(kind: .lineTooLong, bytes: [UInt8](repeating: 65, count: 10_000))
        #expect(long.bytes.count == IMAPParseError.maximumRetainedBytes)
    }
}
