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

    private mutating func encodeContiguous(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        guard !input.isEmpty else { return }
        output.reserveCapacity(output.count + input.count + 8)
        var atLineStart = self.atLineStart
        var pendingCR = self.pendingCR
        for byte in input {
            if pendingCR {
                pendingCR = false
                // CR was already written as CRLF; an LF right after it completes that same line end.
                if byte == .lf { continue }
            }
            switch byte {
            case .cr:
                output.append(.cr)
                output.append(.lf)
                pendingCR = true
                atLineStart = true
            case .lf:
                output.append(.cr)
                output.append(.lf)
                atLineStart = true
            case .dot where atLineStart:
                output.append(.dot)
                output.append(.dot)
                atLineStart = false
            default:
                output.append(byte)
                atLineStart = false
            }
        }
        self.atLineStart = atLineStart
        self.pendingCR = pendingCR
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

extension UInt8 {
    static let dot = UInt8(ascii: ".")
}
