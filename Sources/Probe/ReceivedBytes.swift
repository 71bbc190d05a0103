/// Byte helpers shared by the Received parsers.
enum ReceivedBytes {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let sp = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    static func isWhiteSpace(_ byte: UInt8) -> Bool { byte == sp || byte == tab || byte == cr || byte == lf }

    /// Compares ASCII bytes with a lowercase name, ignoring the bytes' case.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ lowercased: String) -> Bool {
        bytes.elementsEqual(lowercased.utf8) { byte, other in
            ((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte) == other
        }
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isWhiteSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isWhiteSpace(last) { slice = slice.dropLast() }
        return slice
    }

    /// The text with each run of white space (folding included) made one space.
    static func collapsingWhiteSpace(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if isWhiteSpace(byte) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(sp) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
