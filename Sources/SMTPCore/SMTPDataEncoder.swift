/// Turns a message into the payload sent after DATA: CRLF line ends,
/// dot-stuffed, terminated by `.` CRLF.
///
///     C: DATA
///     S: 354 End data with <CR><LF>.<CR><LF>
///     C: Subject: hi
///     C:
///     C: ..leading dot doubled
///     C: .
///
/// RFC 5321 §4.5.2 (transparency) and §2.3.8 (lines end in CRLF). Every CRLF,
/// bare LF and bare CR in the message becomes CRLF; a line starting with `.`
/// gets a second `.`; a missing final line break is added.
///
/// Use ``encode(_:)`` for a whole message, or feed chunks to
/// ``encode(_:into:)`` and call ``finish(into:)`` once to stream one: a CRLF
/// split across two chunks is handled.
public struct SMTPDataEncoder: Sendable {
    private var atLineStart = true
    private var pendingCR = false

    public init() {}

    /// The DATA payload for `message`, terminator included.
    public static func encode(_ message: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        // Dot-stuffing and bare LFs rarely add more than a few percent.
        output.reserveCapacity(message.count + message.count / 32 + 5)
        var encoder = SMTPDataEncoder()
        encoder.encode(message, into: &output)
        encoder.finish(into: &output)
        return output
    }

    /// Appends the encoding of the next `chunk` of the message to `output`.
    public mutating func encode(_ chunk: some Collection<UInt8>, into output: inout [UInt8]) {
        let handled: Void? = chunk.withContiguousStorageIfAvailable { buffer in
            encodeContiguous(buffer, into: &output)
        }
        if handled == nil {
            let copy = Array(chunk)
            copy.withUnsafeBufferPointer { encodeContiguous($0, into: &output) }
        }
    }

    /// Copies runs of ordinary bytes in bulk; only line breaks and leading dots are looked at.
    private mutating func encodeContiguous(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        output.reserveCapacity(output.count + input.count + 8)
        let count = input.count
        var atLineStart = self.atLineStart
        var index = 0
        if pendingCR {
            pendingCR = false
            // CR was already written as CRLF; an LF right after it completes that same line end.
            if base[0] == .lf { index = 1 }
        }
        while index < count {
            if atLineStart, base[index] == .dot {
                output.append(.dot)
            }
            var end = index
            while end < count {
                let byte = base[end]
                if byte <= .cr, byte == .cr || byte == .lf { break }
                end += 1
            }
            if end > index {
                output.append(contentsOf: UnsafeBufferPointer(start: base + index, count: end - index))
                atLineStart = false
            }
            guard end < count else { break }
            output.append(.cr)
            output.append(.lf)
            atLineStart = true
            if base[end] == .cr {
                if end + 1 < count {
                    index = base[end + 1] == .lf ? end + 2 : end + 1
                } else {
                    pendingCR = true
                    index = end + 1
                }
            } else {
                index = end + 1
            }
        }
        self.atLineStart = atLineStart
    }

    /// Appends the missing final line break, if any, and the `.` CRLF terminator.
    /// The encoder is then ready for a new message.
    public mutating func finish(into output: inout [UInt8]) {
        if !atLineStart {
            output.append(.cr)
            output.append(.lf)
        }
        output.append(.dot)
        output.append(.cr)
        output.append(.lf)
        self = SMTPDataEncoder()
    }
}

extension SMTPDataEncoder {
    /// True when any byte has the high bit set (the message needs `BODY=8BITMIME`, RFC 6152).
    public static func containsEightBitBytes(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = 0
            while index + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
                index += 8
            }
            while index < raw.count {
                if raw[index] >= 0x80 { return true }
                index += 1
            }
            return false
        }
    }
}

extension UInt8 {
    static let dot = UInt8(ascii: ".")
}
