/// An `application/x-www-form-urlencoded` body (the silence forms), decoded: `probe=corp&comment=provider+maintenance`.
struct FormBody {
    /// Why a body is refused.
    struct FormError: Error, CustomStringConvertible {
        var description: String
    }

    /// The most fields a form may carry.
    static let fieldLimit = 32

    private(set) var fields: [String: String] = [:]

    init(_ bytes: [UInt8]) throws(FormError) {
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard fields.count < Self.fieldLimit else { throw FormError(description: "more than \(Self.fieldLimit) form fields") }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            fields[name] = value
        }
    }

    subscript(name: String) -> String? {
        guard let value = fields[name], !value.isEmpty else { return nil }
        return value
    }

    /// `+` is a space, `%XX` a byte; the result must be UTF-8.
    static func decode(_ bytes: ArraySlice<UInt8>) throws(FormError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) else {
                    throw FormError(description: "a % not followed by two hex digits in the form")
                }
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: output, as: UTF8.self) else { throw FormError(description: "the form is not UTF-8") }
        return text
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
