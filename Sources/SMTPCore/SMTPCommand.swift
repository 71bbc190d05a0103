import MailCore

/// A command a client sends to an SMTP server.
///
///     C: EHLO client.example.test
///     C: AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm
///     C: MAIL FROM:<alice@example.test> SIZE=1024
///     C: RCPT TO:<bob@example.test>
///     C: DATA
///
/// RFC 5321 §4.1 (commands), RFC 3207 (STARTTLS), RFC 4954 (AUTH).
///
/// Arguments must not contain CR, LF or other control bytes: one could smuggle
/// a second command onto the wire. Validate anything that came from outside
/// with ``validate()`` or ``init(validating:)``; ``encode(into:)`` stops the
/// process rather than send an invalid command.
public enum SMTPCommand: Hashable, Sendable {
    /// `EHLO domain` (RFC 5321 §4.1.1.1).
    case ehlo(String)
    /// `HELO domain` (RFC 5321 §4.1.1.1).
    case helo(String)
    /// `STARTTLS` (RFC 3207 §4).
    case startTLS
    /// `AUTH mechanism [initial-response]` (RFC 4954 §4): the response is sent
    /// base64-encoded, an empty one as `=`; `nil` sends none.
    case auth(mechanism: String, initialResponse: [UInt8]?)
    /// The answer to a `334` challenge: one base64 line, an empty line for an
    /// empty response (RFC 4954 §4).
    case authResponse([UInt8])
    /// `MAIL FROM:<reverse-path> [parameters]` (RFC 5321 §4.1.1.2). The address
    /// without angle brackets; `""` sends the null reverse-path `<>`.
    case mailFrom(String, parameters: [String] = [])
    /// `RCPT TO:<forward-path> [parameters]` (RFC 5321 §4.1.1.3). The address
    /// without angle brackets.
    case rcptTo(String, parameters: [String] = [])
    /// `DATA` (RFC 5321 §4.1.1.4).
    case data
    /// `RSET` (RFC 5321 §4.1.1.5).
    case rset
    /// `NOOP` (RFC 5321 §4.1.1.9).
    case noop
    /// `QUIT` (RFC 5321 §4.1.1.10).
    case quit

    /// Checks `command` with ``validate()`` and returns it.
    public init(validating command: SMTPCommand) throws(SMTPCommandError) {
        try command.validate()
        self = command
    }

    /// The command verb: `"EHLO"`, `"MAIL"`, `"RCPT"`… An ``authResponse(_:)``
    /// is part of the AUTH exchange and reports `"AUTH"`.
    public var verb: String {
        switch self {
        case .ehlo: "EHLO"
        case .helo: "HELO"
        case .startTLS: "STARTTLS"
        case .auth, .authResponse: "AUTH"
        case .mailFrom: "MAIL"
        case .rcptTo: "RCPT"
        case .data: "DATA"
        case .rset: "RSET"
        case .noop: "NOOP"
        case .quit: "QUIT"
        }
    }

    /// Throws if an argument could corrupt the command line: CR, LF or another
    /// control byte anywhere; an empty domain or mechanism; a mechanism or
    /// parameter containing a space.
    public func validate() throws(SMTPCommandError) {
        func check(_ argument: String, _ what: SMTPCommandError.Argument, allowSpace: Bool, allowEmpty: Bool) throws(SMTPCommandError) {
            for byte in argument.utf8 {
                if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                    throw SMTPCommandError(kind: .lineBreak, verb: verb, argument: what)
                }
                if byte < 0x20 || byte == 0x7F {
                    throw SMTPCommandError(kind: .controlCharacter, verb: verb, argument: what)
                }
                if byte == UInt8(ascii: " ") && !allowSpace {
                    throw SMTPCommandError(kind: .space, verb: verb, argument: what)
                }
            }
            if argument.isEmpty && !allowEmpty {
                throw SMTPCommandError(kind: .empty, verb: verb, argument: what)
            }
        }
        switch self {
        case .ehlo(let domain), .helo(let domain):
            try check(domain, .domain, allowSpace: false, allowEmpty: false)
        case .auth(let mechanism, _):
            try check(mechanism, .mechanism, allowSpace: false, allowEmpty: false)
        case .mailFrom(let address, let parameters), .rcptTo(let address, let parameters):
            // A quoted local part may contain spaces ("john doe"@example.test).
            try check(address, .address, allowSpace: true, allowEmpty: self.verb == "MAIL")
            for parameter in parameters {
                try check(parameter, .parameter, allowSpace: false, allowEmpty: false)
            }
        case .startTLS, .authResponse, .data, .rset, .noop, .quit:
            break
        }
    }
}

/// An ``SMTPCommand`` argument that cannot be sent safely.
public struct SMTPCommandError: Error, Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// CR or LF: would end the command line early (command injection).
        case lineBreak
        /// NUL or another control byte.
        case controlCharacter
        /// A space where the grammar allows none (mechanism, parameter, domain).
        case space
        /// An argument that must not be empty.
        case empty
    }

    /// Which argument of the command is at fault.
    public enum Argument: Hashable, Sendable {
        case domain, mechanism, address, parameter
    }

    public var kind: Kind
    /// The verb of the rejected command (`"RCPT"`).
    public var verb: String
    public var argument: Argument

    public init(kind: Kind, verb: String, argument: Argument) {
        self.kind = kind
        self.verb = verb
        self.argument = argument
    }
}

extension SMTPCommandError: CustomStringConvertible {
    public var description: String {
        "invalid \(verb) command: \(kind) in \(argument)"
    }
}

// MARK: - Encoding

extension SMTPCommand: CustomStringConvertible {
    /// Appends the command line, CRLF included.
    ///
    /// - Precondition: the command passes ``validate()``.
    public func encode(into buffer: inout [UInt8]) {
        do {
            try validate()
        } catch {
            preconditionFailure("refusing to send an invalid SMTP command: \(error)")
        }
        encodeUnchecked(into: &buffer)
    }

    private func encodeUnchecked(into buffer: inout [UInt8]) {
        func append(_ string: String) { buffer.append(contentsOf: string.utf8) }
        func appendPath(_ address: String, parameters: [String]) {
            append("<")
            append(address)
            append(">")
            for parameter in parameters {
                append(" ")
                append(parameter)
            }
        }
        switch self {
        case .ehlo(let domain): append("EHLO "); append(domain)
        case .helo(let domain): append("HELO "); append(domain)
        case .startTLS: append("STARTTLS")
        case .auth(let mechanism, let initialResponse):
            append("AUTH ")
            append(mechanism)
            if let initialResponse {
                append(" ")
                if initialResponse.isEmpty {
                    append("=")
                } else {
                    buffer.append(contentsOf: Base64.encodeToBytes(initialResponse))
                }
            }
        case .authResponse(let response):
            buffer.append(contentsOf: Base64.encodeToBytes(response))
        case .mailFrom(let address, let parameters):
            append("MAIL FROM:")
            appendPath(address, parameters: parameters)
        case .rcptTo(let address, let parameters):
            append("RCPT TO:")
            appendPath(address, parameters: parameters)
        case .data: append("DATA")
        case .rset: append("RSET")
        case .noop: append("NOOP")
        case .quit: append("QUIT")
        }
        buffer.append(UInt8(ascii: "\r"))
        buffer.append(UInt8(ascii: "\n"))
    }

    /// The command line, CRLF included.
    public var bytes: [UInt8] {
        var buffer: [UInt8] = []
        encode(into: &buffer)
        return buffer
    }

    /// The command line without CRLF and with SASL payloads hidden, for logs
    /// and traces: `AUTH PLAIN ****`, `****` for a continuation response.
    public var redactedDescription: String {
        switch self {
        case .auth(let mechanism, let initialResponse):
            switch initialResponse {
            case .none: "AUTH \(mechanism)"
            case .some(let response) where response.isEmpty: "AUTH \(mechanism) ="
            case .some: "AUTH \(mechanism) ****"
            }
        case .authResponse(let response):
            response.isEmpty ? "" : "****"
        case .ehlo, .helo, .startTLS, .mailFrom, .rcptTo, .data, .rset, .noop, .quit:
            unvalidatedLine
        }
    }

    /// The command line without CRLF, control bytes escaped; never traps, even when invalid.
    private var unvalidatedLine: String {
        var buffer: [UInt8] = []
        encodeUnchecked(into: &buffer)
        let line = buffer.dropLast(2)
        if line.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            return SMTPParseError.escape(line)
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// Same as ``redactedDescription``: a command never prints its secrets.
    public var description: String { redactedDescription }
}
