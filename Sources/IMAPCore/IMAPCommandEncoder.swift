import MailCore

/// Turns ``IMAPCommand`` values into bytes.
///
///     C: A0001 LOGIN alice "correct horse"
///     C: A0002 SELECT "&ZeVnLIqe-"
///     C: A0003 APPEND INBOX (\Seen) {310+}
///
/// Arguments travel as atoms when safe, quoted strings when possible and
/// literals otherwise (8-bit, CR/LF, long). Mailbox names are encoded to
/// modified UTF-7. Nothing a caller passes can end the command line early:
/// tags and atoms with forbidden bytes are refused, strings with CR/LF become
/// literals. RFC 9051 §4 and §6; LITERAL+ / LITERAL- RFC 7888; SASL-IR RFC 4959.
public struct IMAPCommandEncoder: Sendable {
    public enum LiteralMode: Hashable, Sendable {
        /// `{n}`: wait for `+` before sending the literal.
        case synchronizing
        /// LITERAL+: every literal as `{n+}`.
        case literalPlus
        /// LITERAL-: literals up to 4096 bytes as `{n+}`, larger ones synchronising.
        case literalMinus
    }

    public struct Options: Hashable, Sendable {
        public var literalMode: LiteralMode
        /// Whether AUTHENTICATE may carry the initial response (SASL-IR).
        public var saslIR: Bool
        /// Strings longer than this go as literals even when they could be quoted.
        public var maxQuotedLength: Int

        public init(literalMode: LiteralMode = .synchronizing, saslIR: Bool = false, maxQuotedLength: Int = 1024) {
            self.literalMode = literalMode
            self.saslIR = saslIR
            self.maxQuotedLength = maxQuotedLength
        }

        /// The options a server's capabilities allow.
        public init(capabilities: some Sequence<IMAPCapability>) {
            let set = Set(capabilities)
            let mode: LiteralMode = set.contains(.literalPlus) ? .literalPlus : set.contains(.literalMinus) ? .literalMinus : .synchronizing
            self.init(literalMode: mode, saslIR: set.contains(.saslIR))
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// `DONE` CRLF, ending IDLE (RFC 2177).
    public static let idleDone: [UInt8] = Array("DONE\r\n".utf8)

    /// One SASL response line: base64 of `bytes` (empty for an empty response) and CRLF.
    public static func authenticationResponse(_ bytes: [UInt8]) -> [UInt8] {
        Base64.encodeToBytes(bytes) + [.cr, .lf]
    }

    /// `*` CRLF, cancelling an AUTHENTICATE exchange.
    public static let authenticationCancel: [UInt8] = Array("*\r\n".utf8)

    // command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
    public func encode(_ command: IMAPCommand, tag: IMAPTag) throws(IMAPCommandEncodingError) -> IMAPEncodedCommand {
        var writer = IMAPCommandWriter(options: options)
        writer.raw(tag.rawValue + " ")
        try write(command, into: &writer)
        let redacted = writer.redacted
        return IMAPEncodedCommand(tag: tag, segments: writer.finish(), redactedDescription: redacted)
    }

    private func write(_ command: IMAPCommand, into writer: inout IMAPCommandWriter) throws(IMAPCommandEncodingError) {
        func mailbox(_ name: IMAPMailboxName) throws(IMAPCommandEncodingError) {
            try writer.astring(name.raw, argument: "mailbox")
        }
        func sequenceSet(_ set: IMAPSequenceSet) throws(IMAPCommandEncodingError) {
            guard !set.ranges.isEmpty else { throw IMAPCommandEncodingError(kind: .emptyList, argument: "sequence set") }
            writer.raw(set.description)
        }
        switch command {
        case .capability: writer.raw("CAPABILITY")
        case .noop: writer.raw("NOOP")
        case .logout: writer.raw("LOGOUT")
        case .startTLS: writer.raw("STARTTLS")
        case .unselect: writer.raw("UNSELECT")
        case .close: writer.raw("CLOSE")
        case .idle: writer.raw("IDLE")
        case .expunge: writer.raw("EXPUNGE")
        case .id(let parameters):
            // id = "ID" SP id-params-list
            writer.raw("ID ")
            guard let parameters, !parameters.isEmpty else { return writer.raw("NIL") }
            writer.raw("(")
            for (index, parameter) in parameters.enumerated() {
                if index > 0 { writer.space() }
                try writer.string(Array(parameter.key.utf8), argument: "ID key")
                writer.space()
                if let value = parameter.value {
                    try writer.string(Array(value.utf8), argument: "ID value")
                } else {
                    writer.raw("NIL")
                }
            }
            writer.raw(")")
        case .enable(let capabilities):
            // enable = "ENABLE" 1*(SP capability)
            guard !capabilities.isEmpty else { throw IMAPCommandEncodingError(kind: .emptyList, argument: "capabilities") }
            writer.raw("ENABLE")
            for capability in capabilities {
                writer.space()
                try writer.atom(capability.rawValue, argument: "capability")
            }
        case .login(let username, let password):
            // login = "LOGIN" SP userid SP password
            writer.raw("LOGIN ")
            try writer.astring(Array(username.utf8), argument: "username")
            writer.space()
            try writer.astring(Array(password.utf8), argument: "password", secret: true)
        case .authenticate(let mechanism, let initialResponse):
            // authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp] *(CRLF base64)
            // initial-resp = (base64 / "=")
            writer.raw("AUTHENTICATE ")
            try writer.atom(mechanism.uppercased(), argument: "mechanism")
            if let initialResponse {
                let encoded = initialResponse.isEmpty ? "=" : Base64.encode(initialResponse)
                if options.saslIR {
                    writer.space()
                    writer.secret(encoded)
                } else {
                    // Without SASL-IR the response waits for the server's first (empty) challenge.
                    writer.awaitContinuation()
                    writer.secret(initialResponse.isEmpty ? "" : encoded)
                }
            }
        case .select(let name, let condStore), .examine(let name, let condStore):
            if case .select = command { writer.raw("SELECT ") } else { writer.raw("EXAMINE ") }
            try mailbox(name)
            if condStore { writer.raw(" (CONDSTORE)") }
        case .list(let reference, let pattern):
            // list = "LIST" SP mailbox SP list-mailbox
            // list-mailbox = 1*list-char / string
            writer.raw("LIST ")
            try writer.astring(IMAPModifiedUTF7.encode(reference), argument: "reference")
            writer.space()
            try writer.astring(IMAPModifiedUTF7.encode(pattern), argument: "pattern", extra: [UInt8(ascii: "*"), UInt8(ascii: "%")])
        case .status(let name, let attributes):
            // status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"
            guard !attributes.isEmpty else { throw IMAPCommandEncodingError(kind: .emptyList, argument: "status attributes") }
            writer.raw("STATUS ")
            try mailbox(name)
            writer.raw(" (" + attributes.map(\.rawValue).joined(separator: " ") + ")")
        case .create(let name):
            writer.raw("CREATE ")
            try mailbox(name)
        case .delete(let name):
            writer.raw("DELETE ")
            try mailbox(name)
        case .rename(let name, let newName):
            writer.raw("RENAME ")
            try mailbox(name)
            writer.space()
            try mailbox(newName)
        case .append(let name, let flags, let date, let message):
            // append = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal
            guard !message.contains(0) else { throw IMAPCommandEncodingError(kind: .nulByte, argument: "message") }
            writer.raw("APPEND ")
            try mailbox(name)
            if !flags.isEmpty {
                writer.space()
                try IMAPFlag.writeList(flags, into: &writer)
            }
            if let date { writer.raw(" \"\(date.rawValue)\"") }
            writer.space()
            writer.literal(message)
        case .uidSearch(let key):
            // search = "SEARCH" [search-return-opts] SP ["CHARSET" SP charset SP] search-key *(SP search-key)
            writer.raw(key.needsUTF8 ? "UID SEARCH CHARSET UTF-8 " : "UID SEARCH ")
            if case .and(let keys) = key, keys.count > 1 {
                for (index, key) in keys.enumerated() {
                    if index > 0 { writer.space() }
                    try key.write(into: &writer)
                }
            } else {
                try key.write(into: &writer)
            }
        case .uidFetch(let set, let items, let changedSince):
            // fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers]
            guard !items.isEmpty else { throw IMAPCommandEncodingError(kind: .emptyList, argument: "fetch items") }
            writer.raw("UID FETCH ")
            try sequenceSet(set)
            writer.raw(" (")
            for (index, item) in items.enumerated() {
                if index > 0 { writer.space() }
                try item.write(into: &writer)
            }
            writer.raw(")")
            if let changedSince { writer.raw(" (CHANGEDSINCE \(changedSince))") }
        case .uidStore(let set, let action):
            writer.raw("UID STORE ")
            try sequenceSet(set)
            writer.space()
            try action.write(into: &writer)
        case .uidExpunge(let set):
            writer.raw("UID EXPUNGE ")
            try sequenceSet(set)
        case .uidCopy(let set, let name):
            writer.raw("UID COPY ")
            try sequenceSet(set)
            writer.space()
            try mailbox(name)
        case .uidMove(let set, let name):
            writer.raw("UID MOVE ")
            try sequenceSet(set)
            writer.space()
            try mailbox(name)
        }
    }
}
