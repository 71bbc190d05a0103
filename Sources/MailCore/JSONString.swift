/// JSON string literals (RFC 8259 §7): the one escaping every hand-built JSON line in MailProbe uses.
///
///     JSONString.quoted("say \"hi\"\n")   // "\"say \\\"hi\\\"\\n\""
///
/// `"`, `\` and the control characters U+0000 to U+001F are escaped (`\n`, `\r`, `\t` by name,
/// the rest as `\u00XX`); every other scalar, non-ASCII included, is written as it is.
public enum JSONString {
    /// The text as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }

    /// The text as it goes between JSON quotes, quotes not included.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
