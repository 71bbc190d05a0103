extension AlertWording {
    /// A phase in words: `submit.data_accepted` → "accepting the message"; unknown phases stay as named.
    public static func phaseWords(_ phase: String) -> String {
        switch phase {
        case "delivery": return "delivery"
        case "total": return "the round trip"
        case "cleanup": return "cleaning up"
        default: break
        }
        guard let dot = phase.firstIndex(of: ".") else { return phase }
        let step = String(phase[phase.index(after: dot)...])
        switch phase[..<dot] {
        case "submit", "smtp": return smtpWords[step] ?? phase
        case "retrieve", "imap", "cleanup": return imapWords[step] ?? phase
        default: return phase
        }
    }

    static let smtpWords: [String: String] = [
        "dns": "resolving the SMTP server",
        "connect": "connecting to the SMTP server",
        "tls": "the SMTP TLS handshake",
        "greeting": "the SMTP greeting",
        "ehlo": "the SMTP EHLO",
        "helo": "the SMTP HELO",
        "starttls": "SMTP STARTTLS",
        "auth": "SMTP login",
        "mail_from": "the SMTP sender (MAIL FROM)",
        "rcpt_to": "the SMTP recipient (RCPT TO)",
        "data": "starting the message (DATA)",
        "data_accepted": "accepting the message",
        "rset": "SMTP RSET",
        "noop": "SMTP NOOP",
        "quit": "SMTP QUIT",
    ]

    static let imapWords: [String: String] = [
        "dns": "resolving the IMAP server",
        "connect": "connecting to the IMAP server",
        "tls": "the IMAP TLS handshake",
        "greeting": "the IMAP greeting",
        "starttls": "IMAP STARTTLS",
        "capability": "IMAP CAPABILITY",
        "id": "IMAP ID",
        "enable": "IMAP ENABLE",
        "auth": "IMAP login",
        "select": "opening the mailbox",
        "examine": "opening the mailbox",
        "list": "listing the mailboxes",
        "status": "the mailbox status",
        "search": "searching the mailbox",
        "fetch_first_byte": "the first byte of the message",
        "fetch": "fetching the message",
        "store": "flagging the message",
        "expunge": "deleting the message",
        "copy": "copying the message",
        "move": "moving the message",
        "idle": "waiting in IMAP IDLE",
        "noop": "IMAP NOOP",
        "logout": "IMAP logout",
    ]
}
