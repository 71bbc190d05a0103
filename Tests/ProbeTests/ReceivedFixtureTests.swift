import Glibc
import Probe
import Testing

/// `Fixtures/received/` at the package root, read without Foundation.
enum ReceivedFixtures {
    static let directory: String = {
        var path = #filePath
        while let slash = path.lastIndex(of: "/"), !path.isEmpty {
            path = String(path[..<slash])
            if access(path + "/Package.swift", F_OK) == 0 { return path + "/Fixtures/received" }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static func bytes(_ name: String) -> [UInt8] {
        guard let file = fopen(directory + "/" + name, "rb") else { fatalError("cannot open \(name)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return bytes
    }

    /// The bytes with every line end made LF.
    static func lf(_ bytes: [UInt8]) -> [UInt8] { bytes.filter { $0 != UInt8(ascii: "\r") } }

    /// The bytes with every line end made CRLF.
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        lf(bytes).flatMap { $0 == UInt8(ascii: "\n") ? [UInt8(ascii: "\r"), $0] : [$0] }
    }
}

/// What a hop of a fixture should read as.
struct ExpectedHop: Sendable, CustomTestStringConvertible {
    var by: String?
    var from: String? = nil
    var fromHost: String? = nil
    var fromIP: String? = nil
    var with: String? = nil
    var id: String? = nil
    var recipient: String? = nil
    /// ISO 8601 UTC.
    var at: String?
    var delay: Int64? = nil
    var skew: Int64? = nil
    var flags: Set<HopFlag> = []

    var testDescription: String { "\(by ?? "-") at \(at ?? "-")" }
}

struct ReceivedFixture: Sendable, CustomTestStringConvertible {
    var file: String
    var hops: [ExpectedHop]
    var transit: Int64?
    var returnPath: String? = nil
    var blockWarnings: [ReceivedParseWarning.Kind] = []
    var testDescription: String { file }
}

@Suite("Received chains: fixtures in each MTA's style")
struct ReceivedFixtureTests {
    static let exchangeLabs = ".eurprd01.prod.exchangelabs.com"
    static let microsoft = "Microsoft SMTP Server"

    static let fixtures: [ReceivedFixture] = [
        ReceivedFixture(file: "postfix.eml", hops: [
            ExpectedHop(by: "mail.example.org", id: "4XyY98yyy", at: "2024-11-25T08:59:57Z"),
            ExpectedHop(by: "mx.example.com", from: "mail.example.org", fromHost: "mail.example.org", fromIP: "192.0.2.1",
                        with: "ESMTPS", id: "4XyZ12abc", recipient: "bob@example.com", at: "2024-11-25T09:00:00Z", delay: 3),
            ExpectedHop(by: "mx.example.com", from: "localhost", fromHost: "localhost", fromIP: "127.0.0.1",
                        with: "ESMTP", id: "4XyZ13def", recipient: "bob@example.com", at: "2024-11-25T09:00:03Z", delay: 3),
        ], transit: 6, returnPath: "alice@example.org"),
        ReceivedFixture(file: "exim.eml", hops: [
            ExpectedHop(by: "smtp.sender.example", from: "[192.0.2.1]", fromIP: "192.0.2.1", with: "esmtpsa",
                        id: "1t8XYZ-000abc-1A", recipient: "bob@recipient.example", at: "2024-11-25T10:00:00Z"),
            ExpectedHop(by: "mx.recipient.example", from: "smtp.sender.example", fromHost: "smtp.sender.example",
                        fromIP: "198.51.100.7", with: "esmtps", id: "1t8XZ0-000def-2B", recipient: "bob@recipient.example",
                        at: "2024-11-25T10:00:02Z", delay: 2),
            ExpectedHop(by: "mx.recipient.example", from: "Debian-exim", with: "local", id: "1t8XZ1-000ghi-3C",
                        recipient: "bob@recipient.example", at: "2024-11-25T10:00:03Z", delay: 1),
        ], transit: 3, returnPath: "alice@sender.example"),
        ReceivedFixture(file: "sendmail.eml", hops: [
            ExpectedHop(by: "client.example", id: "4APA0A9x012340", at: "2024-11-25T09:59:58Z"),
            ExpectedHop(by: "client.example", from: "client.example", fromHost: "localhost", fromIP: "127.0.0.1",
                        with: "ESMTP", id: "4APA0A9y012341", recipient: "bob@mx.example.com", at: "2024-11-25T09:59:59Z", delay: 1),
            ExpectedHop(by: "mx.example.com", from: "client.example", fromHost: "client.example", fromIP: "192.0.2.1",
                        with: "ESMTPS", id: "4APA0B1c012345", recipient: "bob@mx.example.com", at: "2024-11-25T10:00:01Z", delay: 2),
        ], transit: 3, returnPath: "alice@client.example"),
        ReceivedFixture(file: "microsoft365.eml", hops: [
            ExpectedHop(by: "SN1PR01CA0001.outlook.office365.com", from: "mail.sender.example", fromIP: "198.51.100.7",
                        with: microsoft, id: "15.20.7633.12", at: "2024-11-25T09:00:00Z"),
            ExpectedHop(by: "AM0PR01MB1234" + exchangeLabs, from: "SN1PR01CA0001.outlook.office365.com", fromIP: "2603:10b6:802::1",
                        with: microsoft, id: "15.20.7633.12", at: "2024-11-25T09:00:01Z", delay: 1),
            ExpectedHop(by: "AM0PR01MB5678" + exchangeLabs, from: "AM0PR01MB1234" + exchangeLabs, fromIP: "2603:10a6:208:12::34",
                        with: microsoft, id: "15.20.7633.12", at: "2024-11-25T09:00:02Z", delay: 1),
            ExpectedHop(by: "DB9PR01MB9999" + exchangeLabs, from: "AM0PR01MB5678" + exchangeLabs, fromIP: "2603:10a6:208:56::78",
                        with: "HTTPS", at: "2024-11-25T09:00:04Z", delay: 2),
        ], transit: 4),
        ReceivedFixture(file: "exchange-outbound.eml", hops: [
            ExpectedHop(by: "AM0PR01MB1234" + exchangeLabs, from: "AM0PR01MB1234" + exchangeLabs, fromIP: "fe80::1c2d:3e4f:5a6b:7c8d",
                        with: "mapi", id: "15.20.7633.010", at: "2024-11-25T08:59:58Z"),
            ExpectedHop(by: "AM0PR01MB5678" + exchangeLabs, from: "AM0PR01MB1234" + exchangeLabs, fromIP: "2603:10a6:208:12::34",
                        with: microsoft, id: "15.20.7633.12", at: "2024-11-25T09:00:00Z", delay: 2),
            ExpectedHop(by: "SN1PR01CA0001.outlook.office365.com", with: microsoft, id: "15.20.7633.12",
                        at: "2024-11-25T09:00:01Z", delay: 1),
        ], transit: 3),
        ReceivedFixture(file: "gmail.eml", hops: [
            ExpectedHop(by: "smtp.gmail.com", from: "[192.168.1.10]", fromIP: "203.0.113.50", with: "ESMTPSA",
                        id: "a1sm987.2024.11.25.01.02.02", recipient: "x@gmail.com", at: "2024-11-25T09:02:02Z"),
            ExpectedHop(by: "mx.google.com", from: "mail-sor-f41.google.com", fromHost: "mail-sor-f41.google.com",
                        fromIP: "209.85.220.41", with: "SMTPS", id: "a1sor123.2024.11.25.01.02.03", recipient: "x@gmail.com",
                        at: "2024-11-25T09:02:03Z", delay: 1),
            ExpectedHop(by: "2002:a05:6402:1234:b0:5a1:2b3c:4d5e", with: "SMTP", id: "abc123csp456789",
                        at: "2024-11-25T09:02:04Z", delay: 1),
        ], transit: 2, returnPath: "alice@sender.example"),
        ReceivedFixture(file: "dovecot-lmtp.eml", hops: [
            ExpectedHop(by: "mx.example.com", from: "client.example.org", fromIP: "2001:db8::23", with: "ESMTPSA",
                        id: "4XyZ11aaa", recipient: "bob@example.com", at: "2024-11-25T09:00:00Z"),
            ExpectedHop(by: "localhost", from: "mx.example.com", fromIP: "127.0.0.1", with: "ESMTP", id: "abcDEF123xyz",
                        recipient: "bob@example.com", at: "2024-11-25T09:00:01Z", delay: 1),
            ExpectedHop(by: "mx.example.com", from: "mx.example.com", with: "LMTP", id: "2Fz8LQK4RGeZNgAAXlMV1g",
                        recipient: "bob@example.com", at: "2024-11-25T09:00:02Z", delay: 1),
        ], transit: 2, returnPath: "alice@example.org"),
        ReceivedFixture(file: "qmail.eml", hops: [
            ExpectedHop(by: "mx.example.net", from: "unknown", fromIP: "192.0.2.1", with: "SMTP", at: "2024-11-25T10:00:00Z"),
            ExpectedHop(by: nil, at: "2024-11-25T10:00:00Z", delay: 0),
            ExpectedHop(by: nil, at: "2024-11-25T10:00:01Z", delay: 1),
        ], transit: 1, returnPath: "alice@client.example"),
        ReceivedFixture(file: "skew.eml", hops: [
            ExpectedHop(by: "relay1.example.net", from: "client.example", fromHost: "client.example", fromIP: "192.0.2.1",
                        with: "ESMTP", id: "4Skew01", at: "2024-11-25T09:00:00Z"),
            ExpectedHop(by: "relay2.example.net", from: "relay1.example.net", fromHost: "relay1.example.net", fromIP: "198.51.100.1",
                        with: "ESMTPS", id: "4Skew02", at: "2024-11-25T08:59:30Z", skew: -30, flags: [.clockSkew]),
            ExpectedHop(by: "mx.example.com", from: "relay2.example.net", fromHost: "relay2.example.net", fromIP: "198.51.100.2",
                        with: "ESMTPS", id: "4Skew03", recipient: "bob@example.com", at: "2024-12-03T09:00:00Z",
                        skew: 8 * 86_400 + 30, flags: [.implausibleDelay]),
        ], transit: nil),
        ReceivedFixture(file: "malformed.eml", hops: [
            ExpectedHop(by: "relay.example", with: "SMTP", at: "2024-11-25T09:59:59Z"),
            ExpectedHop(by: "by.example", from: "dup.example", at: "2024-11-25T10:00:00Z", delay: 1, flags: [.parseWarnings]),
            ExpectedHop(by: nil, at: nil, flags: [.missingDate, .parseWarnings]),
            ExpectedHop(by: "mx.example.com", from: "baddate.example", with: "SMTP", id: "4BadDate", at: nil, flags: [.unreadableDate]),
            ExpectedHop(by: "mx.example.com", from: "nodate.example", with: "ESMTP", id: "4NoDate", at: nil, flags: [.missingDate]),
            ExpectedHop(by: nil, from: "broken.example", fromHost: "broken.example", fromIP: "192.0.2.8", at: "2024-11-25T10:00:08Z",
                        flags: [.parseWarnings]),
            ExpectedHop(by: nil, at: nil, flags: [.missingDate, .parseWarnings]),
            ExpectedHop(by: "mx.example.com", from: "ok.example", fromHost: "ok.example", fromIP: "192.0.2.9", with: "ESMTP",
                        id: "4Ok", at: "2024-11-25T10:00:09Z"),
        ], transit: 10, blockWarnings: [.notAHeaderLine]),
    ]

    @Test(arguments: fixtures)
    func hopsReadAsExpected(_ fixture: ReceivedFixture) {
        let chain = ReceivedChain(message: ReceivedFixtures.bytes(fixture.file))
        #expect(chain.hops.count == fixture.hops.count)
        for (hop, expected) in zip(chain.hops, fixture.hops) {
            #expect(hop.by == expected.by, "hop \(hop.index)")
            #expect(hop.from == expected.from, "hop \(hop.index)")
            #expect(hop.fromHost == expected.fromHost, "hop \(hop.index)")
            #expect(hop.fromIP == expected.fromIP, "hop \(hop.index)")
            #expect(hop.with == expected.with, "hop \(hop.index)")
            #expect(hop.id == expected.id, "hop \(hop.index)")
            #expect(hop.for == expected.recipient, "hop \(hop.index)")
            #expect(hop.at?.iso8601UTC == expected.at, "hop \(hop.index)")
            #expect(hop.delaySeconds == expected.delay, "hop \(hop.index)")
            #expect(hop.skewSeconds == expected.skew, "hop \(hop.index)")
            #expect(hop.flags == expected.flags, "hop \(hop.index): \(hop.warnings)")
        }
        #expect(chain.hops.map(\.index) == Array(0..<fixture.hops.count))
        #expect(chain.transitSeconds == fixture.transit)
        #expect(chain.returnPath == fixture.returnPath)
        #expect(chain.warnings.map(\.kind) == fixture.blockWarnings)
    }

    @Test(arguments: fixtures)
    func lineEndsDoNotMatter(_ fixture: ReceivedFixture) {
        let bytes = ReceivedFixtures.bytes(fixture.file)
        let lf = ReceivedChain(message: ReceivedFixtures.lf(bytes))
        let crlf = ReceivedChain(message: ReceivedFixtures.crlf(bytes))
        #expect(lf == crlf)
        #expect(lf.hops.allSatisfy { !$0.header.raw.contains("\r") && !$0.header.raw.contains("\n") })
    }

    @Test(arguments: fixtures)
    func headerBlockAloneIsEnough(_ fixture: ReceivedFixture) {
        let bytes = ReceivedFixtures.lf(ReceivedFixtures.bytes(fixture.file))
        let end = bytes.indices.first { bytes[$0] == UInt8(ascii: "\n") && bytes.dropFirst($0 + 1).first == UInt8(ascii: "\n") }
        let headerBlock = String(decoding: bytes[..<(end ?? bytes.count)], as: UTF8.self)
        #expect(ReceivedChain(message: headerBlock) == ReceivedChain(message: String(decoding: bytes, as: UTF8.self)))
    }

    @Test func fieldsAreTopFirstAndOnlyReceived() {
        let block = ReceivedHeaderBlock(message: ReceivedFixtures.bytes("gmail.eml"))
        #expect(block.fields.count == 3)
        #expect(block.fields[0] == "by 2002:a05:6402:1234:b0:5a1:2b3c:4d5e with SMTP id abc123csp456789;        Mon, 25 Nov 2024 01:02:04 -0800 (PST)")
        #expect(block.fields.allSatisfy { !$0.contains("a640c23a62f3a") && !$0.contains("client-ip") })
        #expect(block.warnings.isEmpty)
    }

    @Test func bodyIsNotRead() {
        let block = ReceivedHeaderBlock(message: ReceivedFixtures.bytes("postfix.eml"))
        #expect(block.fields.count == 3)
        #expect(!block.fields.contains { $0.contains("body.example") })
    }

    @Test func eximDetails() throws {
        let hops = ReceivedChain(message: ReceivedFixtures.bytes("exim.eml")).hops
        #expect(hops[0].header.helo == "client")
        #expect(hops[0].header.envelopeFrom == "alice@sender.example")
        #expect(hops[1].header.helo == "smtp.sender.example")
        #expect(hops[1].header.clause("tls")?.value == "TLS_AES_256_GCM_SHA384")
        #expect(hops[1].header.clause("with")?.comments == ["TLS1.3"])
        #expect(hops[1].header.warnings.isEmpty)
    }

    @Test func microsoftDetails() {
        let hops = ReceivedChain(message: ReceivedFixtures.bytes("microsoft365.eml")).hops
        #expect(hops[0].via == "Frontend Transport" && hops[1].via == "Frontend Transport" && hops[2].via == nil)
        #expect(hops[1].header.clause("with")?.comments == ["version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"])
        #expect(hops[2].header.dateText == "Mon, 25 Nov 2024 09:00:02 +0000")
        #expect(hops.allSatisfy { $0.warnings.isEmpty })
    }

    @Test func qmailAndSendmailLeadingComments() {
        let qmail = ReceivedChain(message: ReceivedFixtures.bytes("qmail.eml")).hops
        #expect(qmail[0].header.helo == "client.example")
        #expect(qmail[1].header.leadingComments == ["qmail 12340 invoked from network"])
        #expect(qmail[2].header.leadingComments == ["qmail 12345 invoked by uid 89"])
        #expect(qmail.allSatisfy { $0.at?.isZoneKnown == false && $0.warnings.isEmpty })
        let sendmail = ReceivedChain(message: ReceivedFixtures.bytes("sendmail.eml")).hops
        #expect(sendmail[0].header.leadingComments == ["from alice@localhost"])
        #expect(sendmail[0].from == nil)
        #expect(sendmail[2].at?.utcOffsetMinutes == -300)
    }

    @Test func dovecotDetails() {
        let hops = ReceivedChain(message: ReceivedFixtures.bytes("dovecot-lmtp.eml")).hops
        #expect(hops[2].header.envelopeFrom == "alice@example.org")
        #expect(hops[2].at?.utcOffsetMinutes == 60)
        #expect(hops.allSatisfy { $0.warnings.isEmpty })
    }

    @Test func malformedWarningsSayWhat() {
        let hops = ReceivedChain(message: ReceivedFixtures.bytes("malformed.eml")).hops
        let kinds = hops.map { $0.warnings.map(\.kind) }
        #expect(kinds == [
            [],
            [.duplicateClause, .duplicateClause],
            [.empty],
            [.unreadableDate],
            [.missingDate],
            [.unbalancedComment],
            [.unexpectedText, .missingDate],
            [],
        ])
        #expect(hops[1].warnings[0].text == "from dup2.example")
        #expect(hops[3].warnings[0].text == "Mon, 32 Nov 2024 25:61:00 +0000")
        #expect(hops[6].warnings[0].text == "this is not a received header at all")
        #expect(hops[0].at?.isZoneKnown == false)
    }
}
