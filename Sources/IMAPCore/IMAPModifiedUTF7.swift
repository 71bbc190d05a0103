/// Modified UTF-7 for mailbox names (RFC 3501 §5.1.3).
///
///     C: A004 CREATE "&ZeVnLIqe-"      ; 日本語
///     C: A005 CREATE "&AOk-t&AOk-"     ; été
///
/// Printable US-ASCII stands for itself except `&`, written `&-`; anything
/// else is UTF-16BE in base64 with `,` for `/`, without padding, between `&`
/// and `-`.
public enum IMAPModifiedUTF7 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    /// Encodes `string` to modified UTF-7 bytes.
    public static func encode(_ string: String) -> [UInt8] {
        var result: [UInt8] = []
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            result.append(UInt8(ascii: "&"))
            var index = 0
            while index < bytes.count {
                let chunk = bytes[index..<min(index + 3, bytes.count)]
                var value: UInt32 = 0
                for byte in chunk { value = value << 8 | UInt32(byte) }
                value <<= UInt32(8 * (3 - chunk.count))
                for sextet in 0..<(chunk.count + 1) {
                    result.append(alphabet[Int(value >> UInt32(18 - 6 * sextet) & 0x3F)])
                }
                index += 3
            }
            result.append(UInt8(ascii: "-"))
            pending.removeAll()
        }
        for scalar in string.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                result.append(UInt8(scalar.value))
                if scalar == "&" { result.append(UInt8(ascii: "-")) }
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush()
        return result
    }

    /// Decodes modified UTF-7; `nil` if the bytes are not valid modified UTF-7.
    public static func decode(_ bytes: some Collection<UInt8>) -> String? {
        var result = ""
        var iterator = Array(bytes)[...]
        while let byte = iterator.popFirst() {
            guard byte >= 0x20 && byte <= 0x7E else { return nil }
            guard byte == UInt8(ascii: "&") else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
                continue
            }
            guard let end = iterator.firstIndex(of: UInt8(ascii: "-")) else { return nil }
            let encoded = iterator[..<end]
            iterator = iterator[(end + 1)...]
            if encoded.isEmpty {
                result += "&"
                continue
            }
            var bits: UInt32 = 0
            var bitCount = 0
            var units: [UInt16] = []
            var pendingByte: UInt8?
            for char in encoded {
                let sextet = reverse[Int(char)]
                guard sextet != 0xFF else { return nil }
                bits = bits << 6 | UInt32(sextet)
                bitCount += 6
                if bitCount >= 8 {
                    bitCount -= 8
                    let decoded = UInt8(bits >> UInt32(bitCount) & 0xFF)
                    if let high = pendingByte {
                        units.append(UInt16(high) << 8 | UInt16(decoded))
                        pendingByte = nil
                    } else {
                        pendingByte = decoded
                    }
                }
            }
            // Leftover bits must be zero padding; a dangling byte is invalid.
            guard pendingByte == nil, bits & ((1 << UInt32(bitCount)) - 1) == 0 else { return nil }
            guard let scalars = Unicode.UTF16.decode(units) else { return nil }
            var decoded = ""
            for scalar in scalars {
                decoded.unicodeScalars.append(scalar)
            }
            // Encoded runs must not hold what could have been written directly.
            guard !decoded.unicodeScalars.contains(where: { $0.value >= 0x20 && $0.value <= 0x7E }) else { return nil }
            result += decoded
        }
        return result
    }
}

extension Unicode.UTF16 {
    /// Decodes UTF-16 code units; `nil` on an unpaired surrogate.
    fileprivate static func decode(_ units: [UInt16]) -> [Unicode.Scalar]? {
        var scalars: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = Unicode.UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        return scalars
    }
}
