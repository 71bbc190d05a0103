import IMAPCore
import MailCore
import Testing

/// A fixture file, whether it starts with the greeting, and what its responses must be.
struct ResponseFixture: Sendable, CustomTestStringConvertible {
    var file: String
    var greeting: Bool
    var count: Int
    var check: @Sendable ([IMAPResponse]) throws -> Void

    init(_ file: String, greeting: Bool = false, count: Int, check: @escaping @Sendable ([IMAPResponse]) throws -> Void = { _ in }) {
        self.file = file
        self.greeting = greeting
        self.count = count
        self.check = check
    }

    var testDescription: String { file }
}

private func caps(_ names: String) -> [IMAPCapability] {
    names.split(separator: " ").map { IMAPCapability(String($0)) }
}

let validResponseFixtures: [ResponseFixture] = [
    ResponseFixture("dovecot-greeting.txt", greeting: true, count: 1) { responses in
        #expect(responses[0] == .greeting(IMAPStatusResponse(
            status: .ok,
            code: .capability(caps("IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN")),
            text: "Dovecot (Debian) ready.")))
    },
    ResponseFixture("dovecot-login.txt", count: 1) { responses in
        let tagged = try #require(responses[0].tagged)
        #expect(tagged.tag == "a1")
        #expect(tagged.state.status == .ok)
        #expect(tagged.state.text == "Logged in")
        guard case .capability(let list)? = tagged.state.code else { Issue.record("no capability code"); return }
        #expect(list.count == 38)
        #expect(list.contains(.condStore) && list.contains(.qresync) && list.contains(.move))
        #expect(list.contains(IMAPCapability("preview=fuzzy")))
    },
    ResponseFixture("gmail-greeting.txt", greeting: true, count: 1) { responses in
        #expect(responses[0] == .greeting(IMAPStatusResponse(status: .ok, text: "Gimap ready for requests from 1.2.3.4 a1mb12345")))
    },
    ResponseFixture("gmail-capability.txt", count: 2) { responses in
        guard case .untagged(.capability(let list)) = responses[0] else { Issue.record("not CAPABILITY"); return }
        #expect(list.contains(IMAPCapability("X-GM-EXT-1")) && list.contains(IMAPCapability("XYZZY")) && list.contains(.saslIR))
        #expect(list.compactMap(\.authenticationMechanism) == ["XOAUTH2", "PLAIN", "PLAIN-CLIENTTOKEN", "OAUTHBEARER", "XOAUTH"])
        #expect(responses[1].tagged?.state.text == "Thats all she wrote! a1mb12345")
    },
    ResponseFixture("exchange-greeting.txt", greeting: true, count: 1) { responses in
        let state = try #require(responses[0].condition)
        #expect(state.code == nil)
        #expect(state.text.hasPrefix("The Microsoft Exchange IMAP4 service is ready. [TQBOADIAUABSADAA"))
        #expect(state.text.hasSuffix("bwBrAC4AYwBvAG0A]"))
    },
    ResponseFixture("exchange-capability.txt", count: 2) { responses in
        guard case .untagged(.capability(let list)) = responses[0] else { Issue.record("not CAPABILITY"); return }
        #expect(list.first == IMAPCapability("IMAP4") && list.contains(.literalPlus))
    },
    ResponseFixture("icloud-greeting.txt", greeting: true, count: 1) { responses in
        let state = try #require(responses[0].condition)
        #expect(state.code == .capability(caps("XAPPLEPUSHSERVICE IMAP4 IMAP4rev1 SASL-IR AUTH=ATOKEN AUTH=PLAIN AUTH=ATOKEN2 AUTH=XOAUTH2")))
        #expect(state.text == "iSCREAM ready to rumble (1B24-40030503a8e0) mr38p00im-ztdg05121101 [28:1:08:31:24:2]")
    },
    ResponseFixture("yahoo-greeting.txt", greeting: true, count: 1) { responses in
        let state = try #require(responses[0].condition)
        guard case .capability(let list)? = state.code else { Issue.record("no code"); return }
        #expect(list.count == 15)
        #expect(state.text == "IMAP4rev1 Hello")
    },
    ResponseFixture("cyrus-greeting.txt", greeting: true, count: 1) { responses in
        let state = try #require(responses[0].condition)
        #expect(state.code == .capability(caps("IMAP4rev1 LITERAL+ ID ENABLE STARTTLS AUTH=PLAIN AUTH=SCRAM-SHA-1 SASL-IR")))
    },
    ResponseFixture("courier-greeting.txt", greeting: true, count: 1) { responses in
        let state = try #require(responses[0].condition)
        #expect(state.text.hasPrefix("Courier-IMAP ready.") && state.text.contains("Inc.  See COPYING"))
    },
    ResponseFixture("preauth-greeting.txt", greeting: true, count: 1) { responses in
        #expect(responses[0] == .greeting(IMAPStatusResponse(
            status: .preauth, code: .capability([.imap4rev2, .idle]), text: "imap.example.test logged in as smith")))
    },
    ResponseFixture("bye-greeting.txt", greeting: true, count: 1) { responses in
        #expect(responses[0] == .greeting(IMAPStatusResponse(
            status: .bye, code: .other(name: "UNAVAILABLE", text: nil), text: "Server is overloaded, try again later")))
    },
    ResponseFixture("dovecot-select.txt", count: 9) { responses in
        #expect(responses[0] == .untagged(.flags([.answered, .flagged, .deleted, .seen, .draft, IMAPFlag("$Forwarded"), IMAPFlag("$Junk")])))
        #expect(responses[1].condition?.code == .permanentFlags([.answered, .flagged, .deleted, .seen, .draft, IMAPFlag("$Forwarded"), IMAPFlag("$Junk"), .wildcard]))
        #expect(responses[2] == .untagged(.exists(172)))
        #expect(responses[3] == .untagged(.recent(1)))
        #expect(responses[4].condition?.code == .unseen(12))
        #expect(responses[5].condition?.code == .uidValidity(3_857_529_045))
        #expect(responses[6].condition?.code == .uidNext(4392))
        #expect(responses[7].condition?.code == .highestModSeq(715_194_045_007))
        #expect(responses[8] == .tagged(IMAPTaggedResponse(tag: "A142", state: IMAPStatusResponse(
            status: .ok, code: .readWrite, text: "Select completed (0.002 + 0.000 secs)."))))
    },
    ResponseFixture("examine-readonly.txt", count: 2) { responses in
        #expect(responses[0].condition?.code == .readOnly)
        #expect(responses[1].tagged?.state.code == .readOnly)
    },
    ResponseFixture("idle-notifications.txt", count: 8) { responses in
        #expect(responses[0] == .continuation(IMAPContinuationRequest(text: "idling")))
        #expect(responses[1] == .untagged(.exists(4)))
        #expect(responses[2] == .untagged(.expunge(2)))
        #expect(responses[3] == .untagged(.fetch(IMAPFetchResponse(sequenceNumber: 3, attributes: [.flags([.seen])]))))
        #expect(responses[4] == .untagged(.condition(IMAPStatusResponse(status: .ok, text: "Still here"))))
        #expect(responses[5] == .untagged(.vanished(earlier: true, uids: IMAPSequenceSet("41,43:116,118,120:211,214:540")!)))
        #expect(responses[6] == .untagged(.vanished(earlier: false, uids: IMAPSequenceSet([405, 407, 410]))))
        #expect(responses[7].tagged?.tag == "A0007")
    },
    ResponseFixture("list-dovecot.txt", count: 10) { responses in
        func info(_ index: Int) -> IMAPMailboxInfo? {
            switch responses[index] {
            case .untagged(.list(let info)), .untagged(.lsub(let info)): info
            default: nil
            }
        }
        #expect(info(0) == IMAPMailboxInfo(attributes: ["\\HasNoChildren"], delimiter: "/", name: .inbox))
        #expect(info(1)?.name.name == "Sent Items")
        #expect(info(1)?.hasAttribute("\\sent") == true)
        #expect(info(2)?.name.name == "日本語")
        #expect(info(2)?.name.raw == "&ZeVnLIqe-".bytes)
        #expect(info(3)?.name.name == "日本語/été")
        #expect(info(4)?.name.name == "Quote\"d \\ name")
        #expect(info(5)?.name.name == "Line\r\nbreak {5}")
        #expect(info(6) == IMAPMailboxInfo(attributes: ["\\Noselect"], delimiter: nil, name: IMAPMailboxName(raw: [])))
        #expect(info(7)?.name.name == "Shared.Team & Co")
        #expect(info(7)?.delimiter == ".")
        #expect(info(8)?.name.name == "INBOX/Archiv")
        guard case .untagged(.lsub) = responses[7] else { Issue.record("not LSUB"); return }
    },
    ResponseFixture("list-gmail.txt", count: 5) { responses in
        guard case .untagged(.list(let info)) = responses[2] else { Issue.record("not LIST"); return }
        #expect(info.name.name == "[Gmail]/All Mail")
        #expect(info.attributes == ["\\All", "\\HasNoChildren"])
    },
    ResponseFixture("status.txt", count: 3) { responses in
        #expect(responses[0] == .untagged(.status(mailbox: IMAPMailboxName(raw: "blurdybloop".bytes), status: IMAPMailboxStatus(
            messages: 231, uidNext: 44292, uidValidity: 1, unseen: 3, recent: 0, highestModSeq: 7_011_231_777, size: 123_456_789))))
        #expect(responses[1] == .untagged(.status(mailbox: IMAPMailboxName("日本語"), status: IMAPMailboxStatus(messages: 0))))
    },
    ResponseFixture("search.txt", count: 4) { responses in
        #expect(responses[0] == .untagged(.search(IMAPSearchResult(numbers: [2, 84, 882]))))
        #expect(responses[1] == .untagged(.search(IMAPSearchResult(numbers: []))))
        #expect(responses[2] == .untagged(.search(IMAPSearchResult(numbers: [2, 5, 6, 7, 11, 12, 18, 19, 20, 23], modSeq: 917_162_500))))
    },
    ResponseFixture("esearch.txt", count: 4) { responses in
        #expect(responses[0] == .untagged(.esearch(IMAPESearchResponse(
            tag: "A282", uid: true, min: 2, max: 11, count: 3, all: IMAPSequenceSet([2, 10, 11])))))
        #expect(responses[1] == .untagged(.esearch(IMAPESearchResponse(tag: "A283", uid: true, count: 0))))
        #expect(responses[2] == .untagged(.esearch(IMAPESearchResponse(tag: "A284", min: 4, modSeq: 1_234_567_890_123))))
    },
    ResponseFixture("enable-id.txt", count: 4) { responses in
        #expect(responses[0] == .untagged(.enabled([.condStore, .qresync])))
        #expect(responses[1] == .untagged(.id([
            IMAPIDParameter(key: "name", value: "Dovecot"), IMAPIDParameter(key: "version", value: nil),
            IMAPIDParameter(key: "support-url", value: "https://example.test/"),
        ])))
        #expect(responses[2] == .untagged(.id([])))
    },
    ResponseFixture("uidplus.txt", count: 6) { responses in
        #expect(responses[0].tagged?.state.code == .appendUID(uidValidity: 38505, uids: IMAPSequenceSet([3955])))
        #expect(responses[1].tagged?.state.code == .copyUID(
            uidValidity: 38505, source: IMAPSequenceSet("304,319:320")!, destination: IMAPSequenceSet("3956:3958")!))
        #expect(responses[2].tagged?.state == IMAPStatusResponse(status: .no, code: .tryCreate, text: "Mailbox doesn't exist: Archive"))
        #expect(responses[3].condition == IMAPStatusResponse(status: .no, code: .alert, text: "Quota nearly exceeded"))
        #expect(responses[4].condition == IMAPStatusResponse(status: .bad, code: .other(name: "X-UNKNOWN-CODE", text: "some text here"), text: "what"))
        #expect(responses[5].condition?.code == .badCharset(["UTF-8", "US-ASCII"]))
    },
    ResponseFixture("fetch-header-literal.txt", count: 4) { responses in
        let first = try #require(responses[0].fetch)
        #expect(first.uid == 42)
        #expect(first.rfc822Size == 4286)
        #expect(first.flags == [.seen, IMAPFlag("$Forwarded")])
        #expect(first.body(IMAPSectionSpecifier(kind: .headerFields(["SUBJECT", "FROM"]))) ==
            "Subject: Quarterly report\r\nFrom: Alice <alice@example.test>\r\n\r\n".bytes)
        let second = try #require(responses[1].fetch)
        #expect(second.attributes == [
            .uid(43),
            .body(section: IMAPSectionSpecifier(part: [1, 2], kind: .mime), origin: nil, data: "Content-Type: text/plain\r\n\r\n".bytes),
            .body(section: .complete, origin: 0, data: "abc".bytes),
            .body(section: .text, origin: nil, data: nil),
        ])
        let third = try #require(responses[2].fetch)
        #expect(third.attributes == [
            .uid(44), .binary(part: [1], origin: nil, data: [0, 1, 2, 0xFF]), .binarySize(part: [1], size: 4),
            .rfc822Header(data: "X: y\r\n\r\n".bytes), .modSeq(12_121_231_000),
        ])
    },
    ResponseFixture("fetch-bodystructure-mixed.txt", count: 2) { responses in
        let fetch = try #require(responses[0].fetch)
        #expect(fetch.sequenceNumber == 12 && fetch.uid == 4827)
        #expect(fetch.internalDate?.unixTime == 837_596_665)
        let envelope = try #require(fetch.envelope)
        #expect(envelope.subject == "IMAP4rev1 WG mtg summary and minutes")
        #expect(envelope.from == [.single(IMAPAddress(name: "Terry Gray", mailbox: "gray", host: "cac.washington.edu"))])
        #expect(envelope.cc.count == 2)
        #expect(envelope.messageID == "<B27397-0100000@cac.washington.edu>")
        let body = try #require(fetch.bodyStructure)
        #expect(body.mediaType == "multipart/mixed")
        #expect(body.part(at: [1])?.mediaType == "multipart/alternative")
        #expect(body.part(at: [1, 2])?.mediaType == "text/html")
        guard case .singlepart(let pdf)? = body.part(at: [2]) else { Issue.record("no part 2"); return }
        #expect(pdf.fields.parameters == [IMAPBodyStructure.Parameter(name: "NAME", value: "report Q3.pdf")])
        #expect(pdf.fields.id == "<part2@example.test>")
        #expect(pdf.fields.encoding == "BASE64")
        #expect(pdf.fields.octets == 238_946)
        #expect(pdf.extension?.disposition == IMAPBodyStructure.Disposition(type: "attachment", parameters: [
            .init(name: "FILENAME", value: "report Q3.pdf"), .init(name: "SIZE", value: "174512"),
        ]))
        guard case .singlepart(let plain)? = body.part(at: [1, 1]) else { Issue.record("no part 1.1"); return }
        #expect(plain.kind == .text(lines: 23))
        guard case .multipart(let mixed) = body else { return }
        #expect(mixed.extension?.parameters == [.init(name: "BOUNDARY", value: "mixed-1")])
    },
    ResponseFixture("fetch-message-rfc822.txt", count: 2) { responses in
        let fetch = try #require(responses[0].fetch)
        let body = try #require(fetch.bodyStructure)
        guard case .singlepart(let message)? = body.part(at: [2]),
              case .message(let envelope, let inner, let lines) = message.kind else { Issue.record("no message/rfc822"); return }
        #expect(envelope.subject == "Inner")
        #expect(envelope.to == [.single(IMAPAddress(name: nil, mailbox: "mooch", host: "owatagu.siam.edu.example"))])
        #expect(inner.mediaType == "multipart/related")
        #expect(lines == 31)
        #expect(message.extension?.disposition?.type == "attachment")
        guard case .multipart(let outer) = body else { return }
        #expect(outer.extension?.language == ["EN", "DE"])
        #expect(outer.extension?.location == "http://example.test/loc")
        guard case .singlepart(let png)? = body.part(at: [2, 2]) else { Issue.record("no 2.2"); return }
        #expect(png.extension?.disposition == IMAPBodyStructure.Disposition(type: "inline", parameters: []))
        let second = try #require(responses[1].fetch)
        #expect(second.attributes == [.bodyStructure(.singlepart(.init(
            type: "TEXT", subtype: "PLAIN",
            fields: .init(parameters: [.init(name: "CHARSET", value: "US-ASCII")], id: nil, description: nil, encoding: "7BIT", octets: 3028),
            kind: .text(lines: 92))), extended: false)])
    },
    ResponseFixture("fetch-envelope-nil-groups.txt", count: 3) { responses in
        #expect(responses[0].fetch?.envelope == IMAPEnvelope())
        let groups = try #require(responses[1].fetch?.envelope)
        #expect(groups.to == [.group(name: "undisclosed-recipients", members: [])])
        #expect(groups.cc == [
            .group(name: "team", members: [
                IMAPAddress(name: "Bob", mailbox: "bob", host: "example.test"),
                IMAPAddress(name: nil, mailbox: "carol", host: "example.test"),
            ]),
            .single(IMAPAddress(name: nil, mailbox: "dave", host: "example.test")),
        ])
        #expect(responses[1].fetch?.uid == 7)
        #expect(responses[2].fetch?.envelope?.subject == "Subject with \"quotes\" and é")
    },
    ResponseFixture("fetch-odd-spacing.txt", count: 2) { responses in
        #expect(responses[0].fetch?.attributes == [.uid(5), .flags([.seen, .answered]), .rfc822Size(12)])
        #expect(responses[1].fetch?.attributes == [.flags([])])
    },
    ResponseFixture("gmail-fetch-xgm.txt", count: 3) { responses in
        let first = try #require(responses[0].fetch)
        #expect(first.attributes.count == 5)
        #expect(first.attributes[0] == .unknown(name: "X-GM-THRID", value: "1278455344230334865".bytes))
        #expect(first.attributes[2] == .unknown(name: "X-GM-LABELS", value: #"("\\Inbox" "\\Sent" Important "Muy Importante")"#.bytes))
        #expect(first.uid == 1 && first.flags == [.seen])
        let second = try #require(responses[1].fetch)
        #expect(second.attributes == [.unknown(name: "X-GM-LABELS", value: "()".bytes), .uid(2),
                                      .unknown(name: "X-GM-EXT[1]", value: "\"x\"".bytes), .modSeq(4242)])
    },
    ResponseFixture("dovecot-session.txt", greeting: true, count: 24) { responses in
        guard case .greeting = responses[0] else { Issue.record("no greeting"); return }
        #expect(responses[2] == .continuation(IMAPContinuationRequest(text: "OK")))
        #expect(responses[3] == .continuation(IMAPContinuationRequest(text: "")))
        #expect(responses[4] == .continuation(IMAPContinuationRequest(text: "")))
        #expect(responses[22].condition?.status == .bye)
    },
    ResponseFixture("bare-lf.txt", greeting: true, count: 4) { responses in
        #expect(responses[2].fetch?.body(.complete) == "abc".bytes)
    },
]

@Suite("IMAP response fixtures")
struct IMAPResponseFixtureTests {
    @Test(arguments: validResponseFixtures)
    func parsesWhole(fixture: ResponseFixture) throws {
        let responses = try Feed.whole(try Fixtures.bytes(fixture.file), greeting: fixture.greeting)
        #expect(responses.count == fixture.count)
        #expect(responses.allSatisfy { !$0.isMalformed }, "\(responses.filter(\.isMalformed))")
        guard responses.count == fixture.count else { return }
        try fixture.check(responses)
    }

    @Test(arguments: validResponseFixtures)
    func boundariesHoldBetweenOtherResponses(fixture: ResponseFixture) throws {
        let bytes = try Fixtures.bytes(fixture.file)
        let expected = try Feed.whole(bytes).map(\.asUntagged)
        let wrapped = "* OK before\r\n".bytes + bytes + "Z9 OK after\r\n".bytes
        let responses = try Feed.whole(wrapped)
        #expect(responses.first == .untagged(.condition(IMAPStatusResponse(status: .ok, text: "before"))))
        #expect(Array(responses.dropFirst().dropLast()) == expected)
        #expect(responses.last == .tagged(IMAPTaggedResponse(tag: "Z9", state: IMAPStatusResponse(status: .ok, text: "after"))))
    }

    @Test(arguments: validResponseFixtures)
    func byteByByte(fixture: ResponseFixture) throws {
        let bytes = try Fixtures.bytes(fixture.file)
        #expect(try Feed.byteByByte(bytes, greeting: fixture.greeting) == Feed.whole(bytes, greeting: fixture.greeting))
    }

    @Test(arguments: validResponseFixtures)
    func splitAtEveryPosition(fixture: ResponseFixture) throws {
        let bytes = try Fixtures.bytes(fixture.file)
        let expected = try Feed.whole(bytes, greeting: fixture.greeting)
        for split in 0...bytes.count {
            let responses = try Feed.chunks(bytes, splits: [split], greeting: fixture.greeting)
            #expect(responses == expected, "split at \(split)")
            if responses != expected { break }
        }
    }
}
