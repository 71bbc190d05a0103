/// The Received fields of a message, unfolded, in the order they appear (newest first).
///
///     Received: from mail.example.org (mail.example.org [192.0.2.1])
///             by mx.example.com (Postfix) with ESMTPS id 4XyZ12abc
///             for <bob@example.com>; Mon, 25 Nov 2024 10:00:00 +0100 (CET)
///
/// The header block ends at the first empty line (RFC 5322 §2.1); a folded field is
/// unfolded by removing each line break that is followed by white space (§2.2.3).
/// Bare LF line ends are accepted as well as CRLF. Also keeps the first `Return-Path`
/// (RFC 5321 §4.4 `Return-path-line`). Only `Received` itself counts: `X-Received`,
/// `ARC-*` and the like are left alone.
public struct ReceivedHeaderBlock: Hashable, Sendable {
    /// Unfolded, trimmed values of the Received fields, top (newest) first.
    public var fields: [String]
    /// The reverse path of the first Return-Path field, without its angle brackets;
    /// empty for the null path `<>`.
    public var returnPath: String?
    /// Problems met while scanning the block.
    public var warnings: [ReceivedParseWarning]

    public init(fields: [String], returnPath: String? = nil, warnings: [ReceivedParseWarning] = []) {
        self.fields = fields
        self.returnPath = returnPath
        self.warnings = warnings
    }

    /// Scans the message's header block, within ``ReceivedParserOptions``' limits.
    public init(message: String, options: ReceivedParserOptions = .init()) {
        self.init(message: Array(message.utf8.prefix(max(0, options.maxHeaderBlockBytes) + 1)), options: options)
    }

    // fields       = *(field)                          (RFC 5322 §3.6)
    // field        = field-name ":" unstructured CRLF  (with FWS = [*WSP CRLF] 1*WSP)
    // Time-stamp-line  = "Received:" FWS Stamp <CRLF>          (RFC 5321 §4.4)
    // Return-path-line = "Return-Path:" FWS Reverse-path <CRLF>
    /// Scans the message's header block, within ``ReceivedParserOptions``' limits.
    public init(message: some Collection<UInt8>, options: ReceivedParserOptions = .init()) {
        let limit = max(0, options.maxHeaderBlockBytes)
        var bytes = Array(message.prefix(limit + 1))
        let cut = bytes.count > limit
        if cut { bytes.removeLast() }
        var scanner = Scanner(options: options)
        var index = 0
        var ended = false
        while index < bytes.count {
            var end = index
            while end < bytes.count, bytes[end] != ReceivedBytes.lf { end += 1 }
            var lineEnd = end
            if lineEnd > index, bytes[lineEnd - 1] == ReceivedBytes.cr { lineEnd -= 1 }
            if lineEnd == index {
                ended = true
                break
            }
            scanner.line(bytes[index..<lineEnd], isFirst: index == 0)
            index = end + 1
        }
        scanner.flush()
        if cut && !ended { scanner.warnings.append(ReceivedParseWarning(.headerBlockTruncated, "after \(limit) bytes")) }
        self.init(fields: scanner.fields, returnPath: scanner.returnPath, warnings: scanner.warnings)
    }

    /// Parses every field.
    public func headers(options: ReceivedParserOptions = .init()) -> [ReceivedHeader] {
        fields.map { ReceivedHeader(parsing: $0, options: options) }
    }

    /// The hops, oldest first; see ``ReceivedChain/init(headers:returnPath:warnings:submittedAt:options:)``.
    public func chain(relativeTo submittedAt: Double? = nil, options: ReceivedParserOptions = .init()) -> ReceivedChain {
        ReceivedChain(headers: headers(options: options), returnPath: returnPath, warnings: warnings,
                      submittedAt: submittedAt, options: options)
    }
}

extension ReceivedHeaderBlock {
    /// Collects fields line by line.
    struct Scanner {
        enum Current {
            case received
            case returnPath
            case other
        }

        let options: ReceivedParserOptions
        var fields: [String] = []
        var returnPath: String?
        var warnings: [ReceivedParseWarning] = []
        private var current = Current.other
        private var value: [UInt8] = []
        private var valueCut = false
        private var warnedTooMany = false

        init(options: ReceivedParserOptions) { self.options = options }

        mutating func line(_ line: ArraySlice<UInt8>, isFirst: Bool) {
            if line.first == ReceivedBytes.sp || line.first == ReceivedBytes.tab {
                append(line)
                return
            }
            flush()
            // An mbox "From " separator may open the block.
            if isFirst && line.starts(with: "From ".utf8) { return }
            guard let colon = line.prefix(256).firstIndex(of: UInt8(ascii: ":")) else {
                warnings.append(ReceivedParseWarning(.notAHeaderLine, String(decoding: line.prefix(64), as: UTF8.self)))
                return
            }
            var name = line[line.startIndex..<colon]
            while let last = name.last, last == ReceivedBytes.sp || last == ReceivedBytes.tab { name = name.dropLast() }
            if ReceivedBytes.equalsIgnoringCase(name, "received") {
                if fields.count >= options.maxReceivedFields {
                    if !warnedTooMany {
                        warnings.append(ReceivedParseWarning(.tooManyFields, "more than \(options.maxReceivedFields)"))
                        warnedTooMany = true
                    }
                    current = .other
                    return
                }
                current = .received
            } else if ReceivedBytes.equalsIgnoringCase(name, "return-path") && returnPath == nil {
                current = .returnPath
            } else {
                current = .other
                return
            }
            append(line[(colon + 1)...])
        }

        private mutating func append(_ bytes: ArraySlice<UInt8>) {
            guard current != .other else { return }
            let room = options.maxFieldBytes - value.count
            if bytes.count > room { valueCut = true }
            value.append(contentsOf: bytes.prefix(max(0, room)))
        }

        mutating func flush() {
            defer {
                value.removeAll(keepingCapacity: true)
                valueCut = false
                current = .other
            }
            let text = String(decoding: ReceivedBytes.trimmed(value[...]), as: UTF8.self)
            switch current {
            case .received:
                if valueCut { warnings.append(ReceivedParseWarning(.fieldTruncated, text)) }
                fields.append(text)
            case .returnPath:
                var path = Substring(text)
                if path.hasPrefix("<") { path = path.dropFirst() }
                if path.hasSuffix(">") { path = path.dropLast() }
                returnPath = String(path)
            case .other:
                break
            }
        }
    }
}

