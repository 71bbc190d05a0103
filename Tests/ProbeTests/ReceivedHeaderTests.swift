import Probe
import Testing

@Suite("Received headers: one field, clause by clause")
struct ReceivedHeaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: ReceivedHeader
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Postfix", text: "from mail.example.org (mail.example.org [192.0.2.1]) by mx.example.com (Postfix) with ESMTPS id 4XyZ12abc for <bob@example.com>; Mon, 25 Nov 2024 10:00:00 +0100 (CET)",
             expected: ReceivedHeader(from: "mail.example.org", fromHost: "mail.example.org", fromIP: "192.0.2.1", by: "mx.example.com",
                                      with: "ESMTPS", id: "4XyZ12abc", for: "bob@example.com", dateText: "Mon, 25 Nov 2024 10:00:00 +0100 (CET)")),
        Case(name: "Postfix local pickup", text: "by host.example (Postfix, from userid 1000) id 4XyY98yyy; Mon, 25 Nov 2024 08:59:57 +0000 (UTC)",
             expected: ReceivedHeader(by: "host.example", id: "4XyY98yyy", dateText: "Mon, 25 Nov 2024 08:59:57 +0000 (UTC)")),
        Case(name: "Exim", text: "from [192.0.2.1] (helo=client) by mx with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <a@b>) id 1t8XYZ-000abc-1A for b@c; Mon, 25 Nov 2024 10:00:00 +0000",
             expected: ReceivedHeader(from: "[192.0.2.1]", fromIP: "192.0.2.1", helo: "client", by: "mx", with: "esmtpsa",
                                      id: "1t8XYZ-000abc-1A", for: "b@c", envelopeFrom: "a@b", dateText: "Mon, 25 Nov 2024 10:00:00 +0000")),
        Case(name: "Sendmail", text: "from client.example (client.example [192.0.2.1]) by mx.example.com (8.17.1/8.17.1) with ESMTPS id 4APA0B1c012345 (version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT) for <b@c>; Mon, 25 Nov 2024 10:00:00 +0000",
             expected: ReceivedHeader(from: "client.example", fromHost: "client.example", fromIP: "192.0.2.1", by: "mx.example.com",
                                      with: "ESMTPS", id: "4APA0B1c012345", for: "b@c", dateText: "Mon, 25 Nov 2024 10:00:00 +0000")),
        Case(name: "Sendmail may be forged", text: "from helo.example (rdns.example [192.0.2.1] (may be forged)) (authenticated bits=0) by mx.example.com (8.17.1/8.17.1) with ESMTPSA id 4APA; 25 Nov 2024 10:00:00 +0000",
             expected: ReceivedHeader(from: "helo.example", fromHost: "rdns.example", fromIP: "192.0.2.1", by: "mx.example.com",
                                      with: "ESMTPSA", id: "4APA", dateText: "25 Nov 2024 10:00:00 +0000")),
        Case(name: "Exchange", text: "from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:12::34) by AM0PR01MB5678.eurprd01.prod.exchangelabs.com with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7633.12; Mon, 25 Nov 2024 09:00:00 +0000",
             expected: ReceivedHeader(from: "AM0PR01MB1234.eurprd01.prod.exchangelabs.com", fromIP: "2603:10a6:208:12::34",
                                      by: "AM0PR01MB5678.eurprd01.prod.exchangelabs.com", with: "Microsoft SMTP Server",
                                      id: "15.20.7633.12", dateText: "Mon, 25 Nov 2024 09:00:00 +0000")),
        Case(name: "Exchange by only", text: "by SN1PR01CA0001.outlook.office365.com (2603:10b6:802::1) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7633.12 via Frontend Transport; Mon, 25 Nov 2024 09:00:00 +0000",
             expected: ReceivedHeader(by: "SN1PR01CA0001.outlook.office365.com", via: "Frontend Transport", with: "Microsoft SMTP Server",
                                      id: "15.20.7633.12", dateText: "Mon, 25 Nov 2024 09:00:00 +0000")),
        Case(name: "Gmail internal", text: "by 2002:a05:6402:1234:b0:5a1:2b3c:4d5e with SMTP id abc123csp456789; Mon, 25 Nov 2024 01:02:03 -0800 (PST)",
             expected: ReceivedHeader(by: "2002:a05:6402:1234:b0:5a1:2b3c:4d5e", with: "SMTP", id: "abc123csp456789",
                                      dateText: "Mon, 25 Nov 2024 01:02:03 -0800 (PST)")),
        Case(name: "Gmail MX", text: "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id a1sor123.2024.11.25.01.02.03 for <x@gmail.com> (Google Transport Security); Mon, 25 Nov 2024 01:02:03 -0800 (PST)",
             expected: ReceivedHeader(from: "mail-sor-f41.google.com", fromHost: "mail-sor-f41.google.com", fromIP: "209.85.220.41",
                                      by: "mx.google.com", with: "SMTPS", id: "a1sor123.2024.11.25.01.02.03", for: "x@gmail.com",
                                      dateText: "Mon, 25 Nov 2024 01:02:03 -0800 (PST)")),
        Case(name: "Dovecot LMTP", text: "from mx.example.com by mx.example.com with LMTP id 2Fz8LQK4RGeZNgAAXlMV1g (envelope-from <a@b>) for <b@c>; Mon, 25 Nov 2024 10:00:00 +0100",
             expected: ReceivedHeader(from: "mx.example.com", by: "mx.example.com", with: "LMTP", id: "2Fz8LQK4RGeZNgAAXlMV1g", for: "b@c",
                                      envelopeFrom: "a@b", dateText: "Mon, 25 Nov 2024 10:00:00 +0100")),
        Case(name: "qmail", text: "(qmail 12345 invoked by uid 89); 25 Nov 2024 10:00:00 -0000",
             expected: ReceivedHeader(dateText: "25 Nov 2024 10:00:00 -0000")),
        Case(name: "Postfix no reverse DNS, IPv6", text: "from client.example (unknown [IPv6:2001:db8::23]) by mx.example.com (Postfix) with ESMTPSA id 4X; Mon, 25 Nov 2024 10:00:00 +0100",
             expected: ReceivedHeader(from: "client.example", fromIP: "2001:db8::23", by: "mx.example.com", with: "ESMTPSA", id: "4X",
                                      dateText: "Mon, 25 Nov 2024 10:00:00 +0100")),
        Case(name: "Upper-case keywords, clauses out of order", text: "BY mx.example.com FROM a.example WITH SMTP FOR <b@c> ID 77; 25 Nov 2024 10:00:00 +0000",
             expected: ReceivedHeader(from: "a.example", by: "mx.example.com", with: "SMTP", id: "77", for: "b@c",
                                      dateText: "25 Nov 2024 10:00:00 +0000")),
        Case(name: "Semicolon inside a comment", text: "from a.example (weird; comment) by mx.example.com with SMTP; 25 Nov 2024 10:00:00 +0000",
             expected: ReceivedHeader(from: "a.example", by: "mx.example.com", with: "SMTP", dateText: "25 Nov 2024 10:00:00 +0000")),
        Case(name: "Quoted string", text: "from \"odd name\" by mx.example.com; 25 Nov 2024 10:00:00 +0000",
             expected: ReceivedHeader(from: "\"odd name\"", by: "mx.example.com", dateText: "25 Nov 2024 10:00:00 +0000")),
    ]

    @Test(arguments: cases)
    func parses(_ testCase: Case) {
        let header = ReceivedHeader(parsing: testCase.text)
        let expected = testCase.expected
        #expect(header.from == expected.from)
        #expect(header.fromHost == expected.fromHost)
        #expect(header.fromIP == expected.fromIP)
        #expect(header.helo == expected.helo)
        #expect(header.by == expected.by)
        #expect(header.via == expected.via)
        #expect(header.with == expected.with)
        #expect(header.id == expected.id)
        #expect(header.for == expected.for)
        #expect(header.envelopeFrom == expected.envelopeFrom)
        #expect(header.dateText == expected.dateText)
        #expect(header.date != nil)
        #expect(header.warnings.isEmpty, "\(header.warnings)")
        #expect(header.raw == testCase.text)
    }

    @Test(arguments: cases)
    func junkAfterTheDateDoesNotBreakTheClauses(_ testCase: Case) {
        let header = ReceivedHeader(parsing: testCase.text + " \u{1}\u{7f}")
        #expect(header.by == testCase.expected.by && header.with == testCase.expected.with && header.id == testCase.expected.id)
        #expect(header.date == nil && header.warnings.map(\.kind) == [.unreadableDate])
    }

    @Test(arguments: cases)
    func everyPrefixParsesWithoutTrapping(_ testCase: Case) {
        let bytes = Array(testCase.text.utf8)
        for end in 0...bytes.count {
            let header = ReceivedHeader(parsing: bytes[..<end])
            #expect(header.raw.utf8.count <= end)
        }
    }

    @Test func foldedFieldUnfolds() {
        let message = "Received: from a.example\r\n (a.example [192.0.2.1])\r\n\tby mx.example.com\r\n  with ESMTP id X;\r\n Mon, 25 Nov\r\n 2024 10:00:00 +0000\r\nSubject: x\r\n\r\n"
        let block = ReceivedHeaderBlock(message: message)
        #expect(block.fields == ["from a.example (a.example [192.0.2.1])\tby mx.example.com  with ESMTP id X; Mon, 25 Nov 2024 10:00:00 +0000"])
        let header = ReceivedHeader(parsing: block.fields[0])
        #expect(header.fromIP == "192.0.2.1" && header.by == "mx.example.com" && header.id == "X")
        #expect(header.dateText == "Mon, 25 Nov 2024 10:00:00 +0000")
        #expect(header.date?.unixSeconds == 1_732_528_800)
    }

    @Test func fieldNameIsCaseInsensitiveAndMayHaveSpaceBeforeColon() {
        let block = ReceivedHeaderBlock(message: "RECEIVED: by a; 25 Nov 2024 10:00:00 +0000\nreceived : by b; 25 Nov 2024 10:00:01 +0000\nX-Received: by c\nReceived-SPF: pass\n\n")
        #expect(block.fields == ["by a; 25 Nov 2024 10:00:00 +0000", "by b; 25 Nov 2024 10:00:01 +0000"])
    }

    @Test func mboxSeparatorIsSkippedOnlyFirst() {
        let block = ReceivedHeaderBlock(message: "From alice@example.org\nReceived: by a; 25 Nov 2024 10:00:00 +0000\nFrom bob\n\n")
        #expect(block.fields == ["by a; 25 Nov 2024 10:00:00 +0000"])
        #expect(block.warnings == [ReceivedParseWarning(.notAHeaderLine, "From bob")])
    }

    @Test func returnPath() {
        #expect(ReceivedHeaderBlock(message: "Return-Path: <>\nReceived: by a; 25 Nov 2024 10:00:00 +0000\n\n").returnPath == "")
        #expect(ReceivedHeaderBlock(message: "Return-Path: <a@b>\nReturn-Path: <c@d>\n\n").returnPath == "a@b")
        #expect(ReceivedHeaderBlock(message: "Subject: x\n\n").returnPath == nil)
    }

    @Test(arguments: [
        ("", [ReceivedParseWarning.Kind.empty]),
        ("   \t ", [.empty]),
        ("from a.example by mx.example.com", [.missingDate]),
        ("from a.example by mx.example.com;", [.missingDate]),
        ("from a.example by mx.example.com; yesterday", [.unreadableDate]),
        ("from a.example (a.example [192.0.2.1] by mx.example.com; 25 Nov 2024 10:00:00 +0000", [.unbalancedComment]),
        ("from a.example) by mx.example.com; 25 Nov 2024 10:00:00 +0000", [.unbalancedComment]),
        ("from <a@b by mx.example.com; 25 Nov 2024 10:00:00 +0000", [.unterminatedBracket]),
        ("hello world from a.example; 25 Nov 2024 10:00:00 +0000", [.unexpectedText]),
        ("from by mx.example.com; 25 Nov 2024 10:00:00 +0000", []),
        ("from a.example by; 25 Nov 2024 10:00:00 +0000", [.emptyClause]),
        ("from a by b by c; 25 Nov 2024 10:00:00 +0000", [.duplicateClause]),
    ])
    func warnings(text: String, kinds: [ReceivedParseWarning.Kind]) {
        #expect(ReceivedHeader(parsing: text).warnings.map(\.kind) == kinds)
    }

    @Test func keywordRightAfterKeywordIsAValue() {
        // "from by" — a host literally named "by" is read as the from value, then "mx" goes with it.
        let header = ReceivedHeader(parsing: "from by mx.example.com; 25 Nov 2024 10:00:00 +0000")
        #expect(header.from == "by mx.example.com" && header.by == nil)
    }

    @Test func clausesKeepTheirComments() {
        let header = ReceivedHeader(parsing: "from a.example (a.example [192.0.2.1]) (TLS) by mx (Postfix, from userid 1000) with ESMTPS; 25 Nov 2024 10:00:00 +0000")
        #expect(header.clauses == [
            ReceivedHeader.Clause(name: "from", words: ["a.example"], comments: ["a.example [192.0.2.1]", "TLS"]),
            ReceivedHeader.Clause(name: "by", words: ["mx"], comments: ["Postfix, from userid 1000"]),
            ReceivedHeader.Clause(name: "with", words: ["ESMTPS"]),
        ])
    }

    @Test func warningTextIsCut() {
        let warning = ReceivedParseWarning(.unexpectedText, String(repeating: "é", count: 100))
        #expect(warning.text.utf8.count <= 64 && warning.text.hasSuffix("…"))
    }
}
