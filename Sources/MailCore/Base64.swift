/// Base64 with the standard alphabet and padding (RFC 4648 §4).
///
/// SMTP AUTH (RFC 4954 §4) and IMAP AUTHENTICATE (RFC 9051 §6.2.2) carry SASL
/// exchanges in it:
///
///     C: AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm
///
/// Decoding is strict: no whitespace, no line breaks, padding required, no
/// bits set in the padding; anything else yields `nil`.
public enum Base64 {
    @usableFromInline
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0-63 for each alphabet byte, 0xFF otherwise.
    @usableFromInline
    static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()

    /// Encodes `bytes`, padded to a multiple of four characters.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        String(decoding: encodeToBytes(bytes), as: UTF8.self)
    }

    /// Encodes `bytes` as the ASCII bytes of their Base64 form.
    public static func encodeToBytes(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int(value >> 18 & 0x3F)])
            output.append(alphabet[Int(value >> 12 & 0x3F)])
            output.append(alphabet[Int(value >> 6 & 0x3F)])
            output.append(alphabet[Int(value & 0x3F)])
            index += 3
        }
        switch input.count - index {
        case 1:
            let value = UInt32(input[index]) << 16
            output.append(alphabet[Int(value >> 18 & 0x3F)])
            output.append(alphabet[Int(value >> 12 & 0x3F)])
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        case 2:
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(alphabet[Int(value >> 18 & 0x3F)])
            output.append(alphabet[Int(value >> 12 & 0x3F)])
            output.append(alphabet[Int(value >> 6 & 0x3F)])
            output.append(UInt8(ascii: "="))
        default:
            break
        }
        return output
    }

    /// Decodes a padded Base64 string; `nil` if it is not strictly valid.
    public static func decode(_ string: some StringProtocol) -> [UInt8]? {
        decode(bytes: Array(string.utf8))
    }

    /// Decodes the ASCII bytes of a padded Base64 string; `nil` if they are not strictly valid.
    public static func decode(bytes input: some Collection<UInt8>) -> [UInt8]? {
        let input = Array(input)
        guard input.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLastQuantum = index + 4 == input.count
            let padding: Int
            if isLastQuantum && input[index + 2] == UInt8(ascii: "=") {
                guard input[index + 3] == UInt8(ascii: "=") else { return nil }
                padding = 2
            } else if isLastQuantum && input[index + 3] == UInt8(ascii: "=") {
                padding = 1
            } else {
                padding = 0
            }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let sextet: UInt8
                if offset >= 4 - padding {
                    sextet = 0
                } else {
                    sextet = reverse[Int(input[index + offset])]
                    guard sextet != 0xFF else { return nil }
                }
                value = value << 6 | UInt32(sextet)
            }
            switch padding {
            case 2:
                guard value & 0xFFFF == 0 else { return nil }
                output.append(UInt8(value >> 16 & 0xFF))
            case 1:
                guard value & 0xFF == 0 else { return nil }
                output.append(UInt8(value >> 16 & 0xFF))
                output.append(UInt8(value >> 8 & 0xFF))
            default:
                output.append(UInt8(value >> 16 & 0xFF))
                output.append(UInt8(value >> 8 & 0xFF))
                output.append(UInt8(value & 0xFF))
            }
            index += 4
        }
        return output
    }
}
