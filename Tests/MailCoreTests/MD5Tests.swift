import MailCore
import Testing

@Suite("MD5 and HMAC-MD5")
struct MD5Tests {
    /// RFC 1321 §A.5 test suite.
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func rfc1321(message: String, digest: String) {
        #expect(MD5.hash(Array(message.utf8)).hexString == digest)
    }

    @Test func paddingBoundaries() {
        // 55, 56, 63, 64 and 65 bytes straddle the length field and block edges.
        let expected = [
            55: "ef1772b6dff9a122358552954ad0df65", 56: "3b0c8ac703f828b04c6c197006d17218",
            63: "b06521f39153d618550606be297466d5", 64: "014842d480b571495a4a0363793f7367",
            65: "c743a45e0d2e6a95cb859adae0248435",
        ]
        for (length, digest) in expected {
            #expect(MD5.hash([UInt8](repeating: UInt8(ascii: "a"), count: length)).hexString == digest, "\(length)")
        }
    }

    @Test func incrementalEqualsOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var md5 = MD5()
        for chunk in stride(from: 0, to: bytes.count, by: 33) {
            md5.update(bytes[chunk..<min(chunk + 33, bytes.count)])
        }
        #expect(md5.finalize() == MD5.hash(bytes))
        // Not contiguous: element by element.
        #expect(MD5.hash(bytes.lazy.map { $0 }).hexString == "de809ff794e91b68f9e91a2b7030bcb0")
    }

    /// A million "a" (RFC 1321's test suite, extended): many whole blocks from one buffer.
    @Test func millionA() {
        #expect(MD5.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hexString == "7707d6ae4e027c70eea2a935c2296f21")
    }

    /// RFC 2202 §2 test cases 1-7.
    @Test(arguments: [
        ([UInt8](repeating: 0x0B, count: 16), Array("Hi There".utf8), "9294727a3638bb1c13f48ef8158bfc9d"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "750c783e6ab0b503eaa86e310a5db738"),
        ([UInt8](repeating: 0xAA, count: 16), [UInt8](repeating: 0xDD, count: 50), "56be34521d144c88dbb8c733f0e8b3f6"),
        ((1...25).map { UInt8($0) }, [UInt8](repeating: 0xCD, count: 50), "697eaf0aca3a3aea3a75164746ffaa79"),
        ([UInt8](repeating: 0x0C, count: 16), Array("Test With Truncation".utf8), "56461ef2342edc00f9bab995690efd4c"),
        ([UInt8](repeating: 0xAA, count: 80), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd"),
        ([UInt8](repeating: 0xAA, count: 80),
         Array("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data".utf8),
         "6f630fad67cda0ee1fb1f562db3aa53e"),
    ])
    func rfc2202(key: [UInt8], message: [UInt8], digest: String) {
        #expect(HMAC.md5(key: key, message: message).hexString == digest)
    }

    /// RFC 2104 Appendix / RFC 2195 §2 example.
    @Test func cramMD5Example() {
        let digest = HMAC.md5(key: Array("tanstaaftanstaaf".utf8),
                              message: Array("<1896.697170952@postoffice.reston.mci.net>".utf8))
        #expect(digest.hexString == "b913a602c7eda7a495b4e6e7334d3890")
    }
}
