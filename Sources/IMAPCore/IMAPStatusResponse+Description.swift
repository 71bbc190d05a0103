extension IMAPStatusResponse: CustomStringConvertible {
    /// As on the wire: `NO [AUTHENTICATIONFAILED] Authentication failed.`
    public var description: String {
        var text = status.rawValue
        if let code { text += " [\(code)]" }
        if !self.text.isEmpty { text += " " + self.text }
        return text
    }
}

extension IMAPResponseCode: CustomStringConvertible {
    /// As on the wire, without the brackets: `UIDVALIDITY 3857529045`.
    public var description: String {
        switch self {
        case .alert: "ALERT"
        case .capability(let list): (["CAPABILITY"] + list.map(\.rawValue)).joined(separator: " ")
        case .permanentFlags(let flags): "PERMANENTFLAGS (\(flags.map(\.description).joined(separator: " ")))"
        case .uidValidity(let value): "UIDVALIDITY \(value)"
        case .uidNext(let value): "UIDNEXT \(value)"
        case .unseen(let value): "UNSEEN \(value)"
        case .readOnly: "READ-ONLY"
        case .readWrite: "READ-WRITE"
        case .tryCreate: "TRYCREATE"
        case .parse: "PARSE"
        case .uidNotSticky: "UIDNOTSTICKY"
        case .closed: "CLOSED"
        case .noModSeq: "NOMODSEQ"
        case .highestModSeq(let value): "HIGHESTMODSEQ \(value)"
        case .appendUID(let validity, let uids): "APPENDUID \(validity) \(uids)"
        case .copyUID(let validity, let source, let destination): "COPYUID \(validity) \(source) \(destination)"
        case .badCharset(let charsets): charsets.isEmpty ? "BADCHARSET" : "BADCHARSET (\(charsets.joined(separator: " ")))"
        case .other(let name, let text): text.map { "\(name) \($0)" } ?? name
        }
    }
}
