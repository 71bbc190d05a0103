import IMAPClient
import IMAPCore
import MailCore
import MailTestKit
import MailTransport
import Testing

/// The trace against what a hostile server can put in a line.
extension IMAPConnectionTests {
    @Test func aHugeLiteralSizeInsideAQuotedStringIsTracedAsText() async throws {
        // Framed as a line (the quote hides the "literal"), but the trace summariser looks at line ends.
        let server = try ScriptedServer(Self.loggedIn() + [
            .expect("A0002 NOOP"),
            .send("* OK \"{9223372036854775807}\r\n* OK \"x {99999999999999999999}\r\nA0002 OK NOOP completed\r\n"),
        ] + Self.logout("A0003"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.noop()
        try await imap.logout()
        _ = try await server.received()
        let received = await imap.trace.filter { $0.direction == .received }.map(\.text)
        #expect(received.contains("* OK \"{9223372036854775807}"))
        #expect(received.contains("A0002 OK NOOP completed"))
    }
}
