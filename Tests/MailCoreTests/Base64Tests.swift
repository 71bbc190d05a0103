import MailCore
import Testing

@Suite("Base64")
struct Base64Tests {
    /// RFC 4648 §10.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"), ("\u{0}tim\u{0}tanstaaftanstaaf", "AHRpbQB0YW5zdGFhZnRhbnN0YWFm"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func allByteValuesRoundTrip() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 250) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9v ", " Zm9v", "Zm9v\r\n", "Zm 9v", "Zm9v====", "Zg==Zg==", "=Zg=", "Z===", "Zh==", "Zm9=",
        "Zm9v_w==", "Zm9v-w==", "Zm9vYmFy\n", "é===",
    ])
    func rejectsInvalid(encoded: String) {
        #expect(Base64.decode(encoded) == nil)
    }
}
