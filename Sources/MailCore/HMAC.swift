/// Keyed-hash message authentication (RFC 2104).
public enum HMAC {
    /// HMAC-MD5 of `message` under `key` (RFC 2104 §2; test vectors in RFC 2202 §2).
    public static func md5(key: some Collection<UInt8>, message: some Sequence<UInt8>) -> [UInt8] {
        var key = Array(key)
        if key.count > MD5.blockLength {
            key = MD5.hash(key)
        }
        key += [UInt8](repeating: 0, count: MD5.blockLength - key.count)
        var inner = MD5()
        inner.update(key.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = MD5()
        outer.update(key.map { $0 ^ 0x5C })
        outer.update(inner.finalize())
        return outer.finalize()
    }
}
