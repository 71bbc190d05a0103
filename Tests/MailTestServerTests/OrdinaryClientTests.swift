import Foundation
import MailTestServer
import Testing

/// Python's smtplib and imaplib against the server, so it is not only consistent with our own clients.
@Suite struct OrdinaryClientTests {
    static let script = #"""
import imaplib, smtplib, ssl, sys
smtp_port, imap_port, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)
s = smtplib.SMTP("127.0.0.1", smtp_port)
s.ehlo()
assert s.has_extn("starttls") and s.has_extn("pipelining") and s.has_extn("enhancedstatuscodes"), s.esmtp_features
s.starttls(context=ctx)
s.ehlo()
s.login("alice@example.test", "alice-secret")
refused = s.sendmail("alice@example.test", ["bob@example.test"], "Subject: from python\r\nMessage-ID: <py@example.test>\r\n\r\n.starts with a dot\r\nbody\r\n")
assert refused == {}, refused
try:
    s.sendmail("alice@example.test", ["ghost@example.test"], "Subject: x\r\n\r\nx\r\n")
    raise SystemExit("unknown recipient accepted")
except smtplib.SMTPRecipientsRefused as e:
    code, text = e.recipients["ghost@example.test"]
    assert code == 550 and text.startswith(b"5.1.1"), (code, text)
s.quit()

m = imaplib.IMAP4("127.0.0.1", imap_port)
m.starttls(ssl_context=ctx)
m.login("bob@example.test", "bob-secret")
typ, data = m.select("INBOX")
assert typ == "OK" and data == [b"1"], data
typ, data = m.search(None, "ALL")
assert data == [b"1"], data
typ, data = m.uid("search", None, "HEADER", "Message-ID", "<py@example.test>")
assert data == [b"1"], data
typ, data = m.fetch("1", "(RFC822)")
body = data[0][1]
assert body.startswith(b"Received: from ") and b"with ESMTPSA id " in body and b"\r\n.starts with a dot\r\n" in body, body
typ, data = m.uid("fetch", "1", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
assert data[0][1] == b"Subject: from python\r\n\r\n", data
assert b"\\Seen" in data[0][0], data
typ, data = m.append("INBOX", "(\\Flagged)", None, b"Subject: appended\r\n\r\nhi\r\n")
assert typ == "OK" and b"APPENDUID" in data[0], data
typ, data = m.uid("store", "1", "+FLAGS", "(\\Deleted)")
assert typ == "OK", data
typ, data = m.expunge()
assert data == [b"1"], data
typ, data = m.uid("search", None, "ALL")
assert data == [b"2"], data
typ, data = m.create("Archive")
assert typ == "OK", data
typ, data = m.uid("copy", "2", "Archive")
assert typ == "OK", data
typ, data = m.uid("move", "2", "Archive")
assert typ == "OK", data
assert m.untagged_responses.get("EXPUNGE") == [b"1"], m.untagged_responses
# COPYUID (RFC 4315): UID 2 became Archive's 1 by COPY (tagged OK), then its 2 by MOVE (untagged OK).
copyuids = [code.split()[1:] for code in m.untagged_responses.get("COPYUID", [])]
assert copyuids == [[b"2", b"1"], [b"2", b"2"]], m.untagged_responses
typ, data = m.uid("search", None, "ALL")
assert data == [b""], data
typ, data = m.status("Archive", "(MESSAGES UIDNEXT)")
assert data == [b'"Archive" (MESSAGES 2 UIDNEXT 3)'], data
typ, data = m.select("Archive")
typ, data = m.uid("fetch", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
assert [item[0].count(b"\\Flagged") for item in data if isinstance(item, tuple)] == [1, 1], data
typ, data = m.fetch("1", "ALL")
assert typ == "OK" and all(item in data[0] for item in (b"FLAGS (", b"INTERNALDATE ", b"RFC822.SIZE ", b'ENVELOPE (NIL "appended" NIL')), data
typ, data = m.uid("move", "1", "Nowhere")
assert typ == "NO" and b"TRYCREATE" in data[0], data
m.logout()
print("python ok")
"""#

    @Test func smtplibAndImaplibWork() async throws {
        let server = try await Support.start()
        let ports = server.ports
        let (status, output) = try await Support.offPool {
            try Support.python(Self.script, [String(ports.smtp!), String(ports.imap!), Support.certificate.certificateFile])
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("python ok"), "\(output)")
        #expect(server.deliveries.count == 2)
        await server.stop()
    }
}
