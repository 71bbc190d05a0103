#!/usr/bin/env python3
"""Regenerates the IMAP byte fixtures in this directory (see README.md)."""
import os
os.chdir(os.path.dirname(os.path.abspath(__file__)))
import os
def lit(b):
    if isinstance(b, str): b = b.encode()
    return b"{%d}\r\n" % len(b) + b
def w(name, *lines):
    data = b""
    for l in lines:
        if isinstance(l, str): l = l.encode()
        data += l
    with open(name, "wb") as f: f.write(data)
C = "\r\n"
# Greetings
w("dovecot-greeting.txt", "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Debian) ready." + C)
w("dovecot-login.txt", "a1 OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE] Logged in" + C)
w("gmail-greeting.txt", "* OK Gimap ready for requests from 1.2.3.4 a1mb12345" + C)
w("gmail-capability.txt", "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER AUTH=XOAUTH" + C,
  "A0001 OK Thats all she wrote! a1mb12345" + C)
w("exchange-greeting.txt", "* OK The Microsoft Exchange IMAP4 service is ready. [TQBOADIAUABSADAAMgBDAEEAMAAwADEAMAAuAGUAdQByAHAAcgBkADAAMgAuAHAAcgBvAGQALgBvAHUAdABsAG8AbwBrAC4AYwBvAG0A]" + C)
w("exchange-capability.txt", "* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+" + C,
  "A0001 OK CAPABILITY completed." + C)
w("icloud-greeting.txt", "* OK [CAPABILITY XAPPLEPUSHSERVICE IMAP4 IMAP4rev1 SASL-IR AUTH=ATOKEN AUTH=PLAIN AUTH=ATOKEN2 AUTH=XOAUTH2] iSCREAM ready to rumble (1B24-40030503a8e0) mr38p00im-ztdg05121101 [28:1:08:31:24:2]" + C)
w("yahoo-greeting.txt", "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER ID MOVE NAMESPACE XYMHIGHESTMODSEQ UIDPLUS LITERAL+ CHILDREN X-MSG-EXT UNSELECT OBJECTID] IMAP4rev1 Hello" + C)
w("cyrus-greeting.txt", "* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE STARTTLS AUTH=PLAIN AUTH=SCRAM-SHA-1 SASL-IR] imap.example.test Cyrus IMAP 3.4.3-Debian-3.4.3-3 server ready" + C)
w("courier-greeting.txt", "* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE STARTTLS] Courier-IMAP ready. Copyright 1998-2018 Double Precision, Inc.  See COPYING for distribution information." + C)
w("preauth-greeting.txt", "* PREAUTH [CAPABILITY IMAP4rev2 IDLE] imap.example.test logged in as smith" + C)
w("bye-greeting.txt", "* BYE [UNAVAILABLE] Server is overloaded, try again later" + C)
# SELECT transcript (server side)
w("dovecot-select.txt",
  "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded $Junk)" + C,
  "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded $Junk \\*)] Flags permitted." + C,
  "* 172 EXISTS" + C,
  "* 1 RECENT" + C,
  "* OK [UNSEEN 12] First unseen." + C,
  "* OK [UIDVALIDITY 3857529045] UIDs valid" + C,
  "* OK [UIDNEXT 4392] Predicted next UID" + C,
  "* OK [HIGHESTMODSEQ 715194045007] Highest" + C,
  "A142 OK [READ-WRITE] Select completed (0.002 + 0.000 secs)." + C)
w("examine-readonly.txt", "* OK [READ-ONLY] EXAMINE" + C, "A143 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs)." + C)
# IDLE
w("idle-notifications.txt",
  "+ idling" + C, "* 4 EXISTS" + C, "* 2 EXPUNGE" + C, "* 3 FETCH (FLAGS (\\Seen))" + C,
  "* OK Still here" + C, "* VANISHED (EARLIER) 41,43:116,118,120:211,214:540" + C, "* VANISHED 405,407,410" + C,
  "A0007 OK Idle completed (0.001 + 12.345 + 12.344 secs)." + C)
# LIST
w("list-dovecot.txt",
  '* LIST (\\HasNoChildren) "/" INBOX' + C,
  '* LIST (\\HasNoChildren \\Sent) "/" "Sent Items"' + C,
  '* LIST (\\HasChildren \\Noselect) "/" "&ZeVnLIqe-"' + C,
  '* LIST (\\HasNoChildren) "/" "&ZeVnLIqe-/&AOk-t&AOk-"' + C,
  '* LIST (\\HasNoChildren) "/" "Quote\\"d \\\\ name"' + C,
  b'* LIST (\\HasNoChildren) "/" ' + lit("Line\r\nbreak {5}") + b"\r\n",
  '* LIST (\\Noselect) NIL ""' + C,
  '* LSUB () "." "Shared.Team &- Co"' + C,
  '* LIST (\\Subscribed) "/" "INBOX/Archiv" ("CHILDINFO" ("SUBSCRIBED"))' + C,
  "A0004 OK List completed (0.001 + 0.000 secs)." + C)
w("list-gmail.txt",
  '* LIST (\\HasNoChildren) "/" "INBOX"' + C,
  '* LIST (\\HasChildren \\Noselect) "/" "[Gmail]"' + C,
  '* LIST (\\All \\HasNoChildren) "/" "[Gmail]/All Mail"' + C,
  '* LIST (\\HasNoChildren \\Trash) "/" "[Gmail]/Trash"' + C,
  "A0005 OK Success" + C)
# STATUS, SEARCH, ESEARCH, ENABLED, ID
w("status.txt", "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 UIDVALIDITY 1 UNSEEN 3 RECENT 0 HIGHESTMODSEQ 7011231777 SIZE 123456789 X-UNKNOWN 5)" + C,
  '* STATUS "&ZeVnLIqe-" (MESSAGES 0)' + C, "A0042 OK Status completed." + C)
w("search.txt", "* SEARCH 2 84 882" + C, "* SEARCH" + C, "* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)" + C, "A0282 OK SEARCH completed" + C)
w("esearch.txt", '* ESEARCH (TAG "A282") UID MIN 2 MAX 11 COUNT 3 ALL 2,10:11' + C, '* ESEARCH (TAG "A283") UID COUNT 0' + C,
  "* ESEARCH (TAG A284) MIN 4 MODSEQ 1234567890123" + C, "A282 OK SEARCH completed" + C)
w("enable-id.txt", "* ENABLED CONDSTORE QRESYNC" + C, '* ID ("name" "Dovecot" "version" NIL "support-url" "https://example.test/")' + C, "* ID NIL" + C, "A0002 OK ID completed." + C)
w("uidplus.txt", "A003 OK [APPENDUID 38505 3955] APPEND completed" + C, "A004 OK [COPYUID 38505 304,319:320 3956:3958] Done" + C,
  "A005 NO [TRYCREATE] Mailbox doesn't exist: Archive" + C, "* NO [ALERT] Quota nearly exceeded" + C,
  "* BAD [X-UNKNOWN-CODE some text here] what" + C, "* OK [BADCHARSET (UTF-8 US-ASCII)] nope" + C)
# FETCH
hdr = "Subject: Quarterly report\r\nFrom: Alice <alice@example.test>\r\n\r\n"
w("fetch-header-literal.txt", b"* 1 FETCH (UID 42 RFC822.SIZE 4286 BODY[HEADER.FIELDS (SUBJECT FROM)] " + lit(hdr) + b" FLAGS (\\Seen $Forwarded))\r\n",
  b"* 2 FETCH (UID 43 BODY[1.2.MIME] " + lit("Content-Type: text/plain\r\n\r\n") + b" BODY[]<0> " + lit("abc") + b" BODY[TEXT] NIL)\r\n",
  b"* 3 FETCH (UID 44 BINARY[1] ~" + lit(b"\x00\x01\x02\xff") + b" BINARY.SIZE[1] 4 RFC822.HEADER " + lit("X: y\r\n\r\n") + b" MODSEQ (12121231000))\r\n",
  b"A0010 OK Fetch completed (0.001 + 0.000 secs)." + b"\r\n")
bs_mixed = ('(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" 1152 23 NIL NIL NIL NIL)'
            '(\"TEXT\" \"HTML\" (\"CHARSET\" \"UTF-8\") NIL NIL \"QUOTED-PRINTABLE\" 4554 73 NIL NIL NIL NIL) \"ALTERNATIVE\" (\"BOUNDARY\" \"alt-1\") NIL NIL NIL)'
            '(\"APPLICATION\" \"PDF\" (\"NAME\" \"report Q3.pdf\") \"<part2@example.test>\" \"Quarterly report\" \"BASE64\" 238946 NIL (\"attachment\" (\"FILENAME\" \"report Q3.pdf\" \"SIZE\" \"174512\")) NIL NIL)'
            ' \"MIXED\" (\"BOUNDARY\" \"mixed-1\") NIL NIL NIL)')
env1 = ('(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" '
        '((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) '
        '((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) '
        '((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\")')
w("fetch-bodystructure-mixed.txt",
  "* 12 FETCH (UID 4827 FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 ENVELOPE " + env1 + " BODYSTRUCTURE " + bs_mixed + ")" + C,
  "A0011 OK Fetch completed." + C)
bs_msg = ('((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 52 2 NIL NIL NIL NIL)'
          '(\"MESSAGE\" \"RFC822\" (\"NAME\" \"fwd.eml\") NIL NIL \"7BIT\" 1204 '
          '(\"Mon, 7 Feb 1994 21:52:25 -0800 (PST)\" \"Inner\" ((\"Fred Foobar\" NIL \"foobar\" \"Blurdybloop.example.COM\")) NIL NIL '
          '((NIL NIL \"mooch\" \"owatagu.siam.edu.example\")) NIL NIL NIL \"<B27397-0100000@Blurdybloop.example.COM>\") '
          '((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"8BIT\" 40 1 NIL NIL NIL NIL)(\"IMAGE\" \"PNG\" NIL NIL NIL \"BASE64\" 600 NIL (\"inline\" NIL) NIL NIL) \"RELATED\" (\"BOUNDARY\" \"inner\") NIL NIL NIL) '
          '31 NIL (\"attachment\" (\"FILENAME\" \"fwd.eml\")) NIL NIL (\"X-EXT\" 1 (2 \"three\"))) \"MIXED\" (\"BOUNDARY\" \"outer\") NIL (\"EN\" \"DE\") \"http://example.test/loc\")')
w("fetch-message-rfc822.txt", "* 7 FETCH (UID 99 BODYSTRUCTURE " + bs_msg + ")" + C,
  "* 8 FETCH (BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))" + C)
env_groups = ('(NIL NIL ((\"Alice\" NIL \"alice\" \"example.test\")) NIL NIL '
              '((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) '
              '((NIL NIL \"team\" NIL)(\"Bob\" NIL \"bob\" \"example.test\")(NIL NIL \"carol\" \"example.test\")(NIL NIL NIL NIL)(NIL NIL \"dave\" \"example.test\")) '
              'NIL NIL NIL)')
w("fetch-envelope-nil-groups.txt",
  "* 5 FETCH (UID 6 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))" + C,
  b"* 6 FETCH (ENVELOPE " + env_groups.encode() + b" UID 7)\r\n",
  b"* 7 FETCH (UID 8 ENVELOPE (\"Tue, 14 Nov 2023 22:13:20 +0000\" " + lit("Subject with \"quotes\" and \xc3\xa9".encode("latin-1")) + b" NIL NIL NIL NIL NIL NIL NIL \"<m@example.test>\"))\r\n")
w("fetch-odd-spacing.txt", "* 2 FETCH ( UID 5  FLAGS ( \\Seen  \\Answered )  RFC822.SIZE 12 )" + C, "* 9 FETCH (FLAGS ())" + C)
w("gmail-fetch-xgm.txt",
  '* 1 FETCH (X-GM-THRID 1278455344230334865 X-GM-MSGID 1278455344230334865 X-GM-LABELS ("\\\\Inbox" "\\\\Sent" Important "Muy Importante") UID 1 FLAGS (\\Seen))' + C,
  '* 2 FETCH (X-GM-LABELS () UID 2 X-GM-EXT[1] "x" MODSEQ (4242))' + C,
  "A0012 OK Success" + C)
# Whole session, back to back
w("dovecot-session.txt",
  open("dovecot-greeting.txt","rb").read(), open("dovecot-login.txt","rb").read(),
  "+ OK" + C, "+ " + C, "+" + C,
  open("dovecot-select.txt","rb").read(), open("idle-notifications.txt","rb").read(), "* BYE Logging out" + C, "A0009 OK Logout completed." + C)
# Malformed but framable: parsed as .malformed, the next response survives
w("malformed-fetch-item.txt", "* 1 FETCH (UID abc FLAGS (\\Seen))" + C, "* 2 FETCH (UID 3)" + C)
w("malformed-bodystructure.txt", "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" x 1))" + C, "A1 OK done" + C)
w("malformed-unterminated-quote.txt", '* LIST () "/" "INBOX' + C, "A1 OK done" + C)
w("malformed-tagged.txt", "A1 MAYBE done" + C, "A1 OK done" + C)
w("malformed-http.txt", "HTTP/1.1 400 Bad Request" + C)
# Not framable: thrown
w("garbage-tls-alert.bin", b"\x15\x03\x01\x00\x02\x02\x28")
w("garbage-nul.txt", b"* OK hello\x00world\r\n")
w("garbage-huge-literal.txt", "* 1 FETCH (BODY[] {99999999999}" + C)
w("bare-lf.txt", "* OK [CAPABILITY IMAP4rev1 IDLE] bare LF server\n* 1 EXISTS\n* 1 FETCH (BODY[] {3}\nabc)\nA1 OK done\n")
