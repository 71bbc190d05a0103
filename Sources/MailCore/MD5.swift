/// The MD5 message digest (RFC 1321), for CRAM-MD5 (RFC 2195) and for
/// checksums of probe messages (a check against corruption, not an attacker).
///
/// MD5 is broken as a collision-resistant hash; HMAC-MD5 as CRAM-MD5 uses it
/// is what servers still offer. Do not use it where collisions matter.
///
///     MD5.hash(Array("abc".utf8)).hexString == "900150983cd24fb0d6963f7d28e17f72"
public struct MD5: Sendable {
    /// The digest length in bytes.
    public static let digestLength = 16
    /// The block length in bytes (HMAC pads keys to it).
    public static let blockLength = 64

    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    public init() {
        pending.reserveCapacity(Self.blockLength)
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var md5 = MD5()
        md5.update(bytes)
        return md5.finalize()
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }

    /// Whole blocks straight from `bytes`; what does not fill a block waits in `pending`.
    private mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            offset = min(Self.blockLength - pending.count, bytes.count)
            pending += bytes[0..<offset]
            guard pending.count == Self.blockLength else { return }
            pending.withUnsafeBytes { compress($0) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= Self.blockLength {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Self.blockLength)]))
            offset += Self.blockLength
        }
        pending += bytes[offset...]
    }

    /// Pads the message (RFC 1321 §3.1-3.2) and returns the digest.
    public consuming func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var padding: [UInt8] = [0x80]
        let afterOne = (pending.count + 1) % Self.blockLength
        padding += [UInt8](repeating: 0, count: (56 - afterOne + Self.blockLength) % Self.blockLength)
        for shift in stride(from: 0, to: 64, by: 8) {
            padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        let savedLength = length
        update(padding)
        length = savedLength
        precondition(pending.isEmpty)
        var digest: [UInt8] = []
        digest.reserveCapacity(Self.digestLength)
        for word in [state.0, state.1, state.2, state.3] {
            for shift in stride(from: 0, to: 32, by: 8) {
                digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
            }
        }
        return digest
    }

    // The four auxiliary functions and one step of each round (RFC 1321 §3.4), written out:
    // a = b + ((a + f(b, c, d) + X[k] + T[i]) <<< s).
    @inline(__always) private static func rotate(_ x: UInt32, _ s: UInt32) -> UInt32 { x &<< s | x &>> (32 &- s) }
    @inline(__always) private static func F(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ xt: UInt32, _ s: UInt32) -> UInt32 {
        b &+ rotate(a &+ ((b & c) | (~b & d)) &+ xt, s)
    }
    @inline(__always) private static func G(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ xt: UInt32, _ s: UInt32) -> UInt32 {
        b &+ rotate(a &+ ((b & d) | (c & ~d)) &+ xt, s)
    }
    @inline(__always) private static func H(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ xt: UInt32, _ s: UInt32) -> UInt32 {
        b &+ rotate(a &+ (b ^ c ^ d) &+ xt, s)
    }
    @inline(__always) private static func I(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ xt: UInt32, _ s: UInt32) -> UInt32 {
        b &+ rotate(a &+ (c ^ (b | ~d)) &+ xt, s)
    }

    /// One 64-byte block (RFC 1321 §3.4), the 64 steps written out with their
    /// constants `floor(abs(sin(i + 1)) * 2^32)`.
    private mutating func compress(_ block: UnsafeRawBufferPointer) {
        let w0 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        let w1 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        let w2 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        let w3 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        let w4 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        let w5 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
        let w6 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        let w7 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
        let w8 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
        let w9 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
        let w10 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
        let w11 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
        let w12 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
        let w13 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
        let w14 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
        let w15 = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
        var (a, b, c, d) = state
        a = Self.F(a, b, c, d, w0  &+ 0xD76AA478, 7)
        d = Self.F(d, a, b, c, w1  &+ 0xE8C7B756, 12)
        c = Self.F(c, d, a, b, w2  &+ 0x242070DB, 17)
        b = Self.F(b, c, d, a, w3  &+ 0xC1BDCEEE, 22)
        a = Self.F(a, b, c, d, w4  &+ 0xF57C0FAF, 7)
        d = Self.F(d, a, b, c, w5  &+ 0x4787C62A, 12)
        c = Self.F(c, d, a, b, w6  &+ 0xA8304613, 17)
        b = Self.F(b, c, d, a, w7  &+ 0xFD469501, 22)
        a = Self.F(a, b, c, d, w8  &+ 0x698098D8, 7)
        d = Self.F(d, a, b, c, w9  &+ 0x8B44F7AF, 12)
        c = Self.F(c, d, a, b, w10 &+ 0xFFFF5BB1, 17)
        b = Self.F(b, c, d, a, w11 &+ 0x895CD7BE, 22)
        a = Self.F(a, b, c, d, w12 &+ 0x6B901122, 7)
        d = Self.F(d, a, b, c, w13 &+ 0xFD987193, 12)
        c = Self.F(c, d, a, b, w14 &+ 0xA679438E, 17)
        b = Self.F(b, c, d, a, w15 &+ 0x49B40821, 22)
        a = Self.G(a, b, c, d, w1  &+ 0xF61E2562, 5)
        d = Self.G(d, a, b, c, w6  &+ 0xC040B340, 9)
        c = Self.G(c, d, a, b, w11 &+ 0x265E5A51, 14)
        b = Self.G(b, c, d, a, w0  &+ 0xE9B6C7AA, 20)
        a = Self.G(a, b, c, d, w5  &+ 0xD62F105D, 5)
        d = Self.G(d, a, b, c, w10 &+ 0x02441453, 9)
        c = Self.G(c, d, a, b, w15 &+ 0xD8A1E681, 14)
        b = Self.G(b, c, d, a, w4  &+ 0xE7D3FBC8, 20)
        a = Self.G(a, b, c, d, w9  &+ 0x21E1CDE6, 5)
        d = Self.G(d, a, b, c, w14 &+ 0xC33707D6, 9)
        c = Self.G(c, d, a, b, w3  &+ 0xF4D50D87, 14)
        b = Self.G(b, c, d, a, w8  &+ 0x455A14ED, 20)
        a = Self.G(a, b, c, d, w13 &+ 0xA9E3E905, 5)
        d = Self.G(d, a, b, c, w2  &+ 0xFCEFA3F8, 9)
        c = Self.G(c, d, a, b, w7  &+ 0x676F02D9, 14)
        b = Self.G(b, c, d, a, w12 &+ 0x8D2A4C8A, 20)
        a = Self.H(a, b, c, d, w5  &+ 0xFFFA3942, 4)
        d = Self.H(d, a, b, c, w8  &+ 0x8771F681, 11)
        c = Self.H(c, d, a, b, w11 &+ 0x6D9D6122, 16)
        b = Self.H(b, c, d, a, w14 &+ 0xFDE5380C, 23)
        a = Self.H(a, b, c, d, w1  &+ 0xA4BEEA44, 4)
        d = Self.H(d, a, b, c, w4  &+ 0x4BDECFA9, 11)
        c = Self.H(c, d, a, b, w7  &+ 0xF6BB4B60, 16)
        b = Self.H(b, c, d, a, w10 &+ 0xBEBFBC70, 23)
        a = Self.H(a, b, c, d, w13 &+ 0x289B7EC6, 4)
        d = Self.H(d, a, b, c, w0  &+ 0xEAA127FA, 11)
        c = Self.H(c, d, a, b, w3  &+ 0xD4EF3085, 16)
        b = Self.H(b, c, d, a, w6  &+ 0x04881D05, 23)
        a = Self.H(a, b, c, d, w9  &+ 0xD9D4D039, 4)
        d = Self.H(d, a, b, c, w12 &+ 0xE6DB99E5, 11)
        c = Self.H(c, d, a, b, w15 &+ 0x1FA27CF8, 16)
        b = Self.H(b, c, d, a, w2  &+ 0xC4AC5665, 23)
        a = Self.I(a, b, c, d, w0  &+ 0xF4292244, 6)
        d = Self.I(d, a, b, c, w7  &+ 0x432AFF97, 10)
        c = Self.I(c, d, a, b, w14 &+ 0xAB9423A7, 15)
        b = Self.I(b, c, d, a, w5  &+ 0xFC93A039, 21)
        a = Self.I(a, b, c, d, w12 &+ 0x655B59C3, 6)
        d = Self.I(d, a, b, c, w3  &+ 0x8F0CCC92, 10)
        c = Self.I(c, d, a, b, w10 &+ 0xFFEFF47D, 15)
        b = Self.I(b, c, d, a, w1  &+ 0x85845DD1, 21)
        a = Self.I(a, b, c, d, w8  &+ 0x6FA87E4F, 6)
        d = Self.I(d, a, b, c, w15 &+ 0xFE2CE6E0, 10)
        c = Self.I(c, d, a, b, w6  &+ 0xA3014314, 15)
        b = Self.I(b, c, d, a, w13 &+ 0x4E0811A1, 21)
        a = Self.I(a, b, c, d, w4  &+ 0xF7537E82, 6)
        d = Self.I(d, a, b, c, w11 &+ 0xBD3AF235, 10)
        c = Self.I(c, d, a, b, w2  &+ 0x2AD7D2BB, 15)
        b = Self.I(b, c, d, a, w9  &+ 0xEB86D391, 21)
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}

extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits per byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        var result = String.UnicodeScalarView()
        for byte in self {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(result)
    }
}
