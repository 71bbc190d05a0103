import MailCore
import SMTPCore
import Testing

@Suite("SMTPReply.queueID")
struct SMTPReplyQueueIDTests {
    @Test(arguments: [
        ("250 2.0.0 Ok: queued as 4XyZ12abc\r\n", "4XyZ12abc" as String?),
        ("250 2.0.0 Ok: queued as SINK\r\n", "SINK"),
        ("250 OK id=1abcDE-000123-AB\r\n", "1abcDE-000123-AB"),
        ("250 2.0.0 x9ABCD123456 Message accepted for delivery\r\n", "x9ABCD123456"),
        ("250 2.6.0 <CAF1@mail.example.test> [InternalId=18734967183, Hostname=AM0PR01MB1234.eurprd01.prod.exchangelabs.com] 1843 bytes in 0.123, 14.632 KB/sec Queued mail for delivery\r\n", "18734967183"),
        ("250 2.0.0 OK  1700000000 a1b2c3si123456.1 - gsmtp\r\n", "a1b2c3si123456.1"),
        ("250 Ok 0100018bd3a1b2c3-4d5e6f70-1234-5678-9abc-def012345678-000000\r\n",
         "0100018bd3a1b2c3-4d5e6f70-1234-5678-9abc-def012345678-000000"),
        ("250-2.0.0 Ok\r\n250 2.0.0 queued as (ABC123)\r\n", "ABC123"),
        ("250 2.0.0 Ok\r\n", nil),
        ("250 OK\r\n", nil),
        ("250 Ok: queued as\r\n", nil),
        ("550 5.7.1 queued as nothing\r\n", nil),
        ("250 2.0.0 OK - gsmtp\r\n", nil),
    ])
    func extracts(reply: String, expected: String?) throws {
        var buffer = InputBuffer(reply)
        let parsed = try #require(try SMTPReplyParser().parse(&buffer))
        #expect(parsed.queueID == expected)
    }

    @Test(arguments: [
        ("postfix-queued.txt", "4XyZ12abc"), ("exim-queued.txt", "1abcDE-000123-AB"),
        ("sendmail-queued.txt", "x9ABCD123456"), ("office365-queued.txt", "18734967183"),
        ("gmail-queued.txt", "a1b2c3si123456.1"),
    ])
    func fromFixtures(file: String, expected: String) throws {
        var buffer = InputBuffer(try Fixtures.bytes(file))
        #expect(try SMTPReplyParser().parse(&buffer)?.queueID == expected)
    }
}
