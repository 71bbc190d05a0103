/// The dashboard's own URLs, always relative to the site's root (no host: nothing external).
enum DashboardLinks {
    static func run(_ id: Int64) -> String { "/runs/\(id)" }

    /// `/probes/NAME`, with `?route=` for a transit route and the range's query.
    static func probe(_ name: String, route: String? = nil, query: String? = nil) -> String {
        var parts: [String] = []
        if let route { parts.append("route=" + escape(route)) }
        if let query { parts.append(query) }
        return "/probes/" + escape(name) + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986 §2.3).
    static func escape(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result += "%"
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
