/// Real-world reply shapes, as servers send them (CRLF line ends), for the parser benchmark.
///
/// The mix imitates what a client reads in practice: one EHLO reply per
/// session in the styles of Postfix, Gmail, Exim and Microsoft 365, then many
/// short single-line replies (250 / 354 / 550, mostly with enhanced status codes).
enum ReplyCorpus {
    static let replies: [String] = [
        // Greetings.
        "220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n",
        "220 smtp.gmail.com ESMTP a1b2c3si123456.1 - gsmtp\r\n",
        // EHLO, Postfix.
        """
        250-mail.example.test\r
        250-PIPELINING\r
        250-SIZE 10240000\r
        250-VRFY\r
        250-ETRN\r
        250-STARTTLS\r
        250-ENHANCEDSTATUSCODES\r
        250-8BITMIME\r
        250-DSN\r
        250-SMTPUTF8\r
        250 CHUNKING\r

        """,
        // EHLO, Gmail.
        """
        250-smtp.gmail.com at your service, [192.0.2.10]\r
        250-SIZE 35882577\r
        250-8BITMIME\r
        250-STARTTLS\r
        250-ENHANCEDSTATUSCODES\r
        250-PIPELINING\r
        250-CHUNKING\r
        250 SMTPUTF8\r

        """,
        // EHLO, Exim.
        """
        250-mx.example.test Hello client.example.test [192.0.2.10]\r
        250-SIZE 52428800\r
        250-8BITMIME\r
        250-PIPELINING\r
        250-PIPE_CONNECT\r
        250-AUTH PLAIN LOGIN\r
        250-CHUNKING\r
        250-STARTTLS\r
        250-PRDR\r
        250 HELP\r

        """,
        // EHLO, Microsoft 365.
        """
        250-AM0PR01CA0123.outlook.office365.com Hello [192.0.2.10]\r
        250-SIZE 157286400\r
        250-PIPELINING\r
        250-DSN\r
        250-ENHANCEDSTATUSCODES\r
        250-AUTH LOGIN XOAUTH2\r
        250-8BITMIME\r
        250-BINARYMIME\r
        250-CHUNKING\r
        250 SMTPUTF8\r

        """,
        // A transaction, Postfix.
        "250 2.1.0 Ok\r\n",
        "250 2.1.5 Ok\r\n",
        "354 End data with <CR><LF>.<CR><LF>\r\n",
        "250 2.0.0 Ok: queued as 4XyZ12abc\r\n",
        // A transaction, Gmail.
        "250 2.1.0 OK a1b2c3si123456.1 - gsmtp\r\n",
        "250 2.1.5 OK a1b2c3si123456.1 - gsmtp\r\n",
        "354  Go ahead a1b2c3si123456.1 - gsmtp\r\n",
        "250 2.0.0 OK  1700000000 a1b2c3si123456.1 - gsmtp\r\n",
        // Rejections.
        "550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in virtual mailbox table\r\n",
        """
        550-5.1.1 The email account that you tried to reach does not exist. Please try\r
        550-5.1.1 double-checking the recipient's email address for typos or\r
        550-5.1.1 unnecessary spaces. For more information, go to\r
        550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1b2c3si123456.1 - gsmtp\r

        """,
        "554 5.7.1 <relay@elsewhere.test>: Relay access denied\r\n",
        // Exim without enhanced codes, and the rest of a session.
        "250 OK id=1abcDE-000123-AB\r\n",
        "235 2.7.0 Authentication successful\r\n",
        "221 2.0.0 Bye\r\n",
    ]

    /// At least `bytes` bytes of replies, cycling through ``replies``; and how many replies that is.
    static func build(bytes: Int) -> (bytes: [UInt8], replies: Int) {
        let encoded = replies.map { Array($0.utf8) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes + 1024)
        var count = 0
        while output.count < bytes {
            output += encoded[count % encoded.count]
            count += 1
        }
        return (output, count)
    }
}
