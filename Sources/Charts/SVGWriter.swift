/// Builds SVG text: elements with escaped attributes and text, numbers written compactly and always finite.
///
/// ```swift
/// var svg = SVGWriter()
/// svg.open("g", ["class": "axis"])
/// svg.element("text", [("x", SVGWriter.number(12.345))], text: "a < b")  // <text x="12.35">a &lt; b</text>
/// svg.close("g")
/// ```
public struct SVGWriter: Sendable {
    /// The text written so far.
    public private(set) var output: String = ""
    private var openElements: [String] = []

    public init() {}

    /// Writes `<name a="v" …>` and remembers it for ``close(_:)``.
    public mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        writeTag(name, attributes, selfClosing: false)
        openElements.append(name)
    }

    /// Writes `</name>`; the name must be the innermost open element (checked in debug builds).
    public mutating func close(_ name: String) {
        assert(openElements.last == name, "closing \(name) while \(openElements.last ?? "nothing") is open")
        openElements.removeLast()
        output += "</\(name)>"
    }

    /// Writes `<name a="v" …/>`.
    public mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        writeTag(name, attributes, selfClosing: true)
    }

    /// Writes `<name a="v" …>text</name>` with the text escaped.
    public mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        writeTag(name, attributes, selfClosing: false)
        output += Self.escape(text)
        output += "</\(name)>"
    }

    /// Writes escaped text.
    public mutating func text(_ text: String) {
        output += Self.escape(text)
    }

    /// Writes text as it is (for CSS in `<style>` and path data this module built).
    mutating func raw(_ text: String) {
        output += text
    }

    /// Closes every element still open and returns the text.
    public mutating func finish() -> String {
        while let name = openElements.popLast() {
            output += "</\(name)>"
        }
        return output
    }

    private mutating func writeTag(_ name: String, _ attributes: [(String, String)], selfClosing: Bool) {
        output += "<"
        output += name
        for (key, value) in attributes {
            output += " \(key)=\""
            output += Self.escape(value)
            output += "\""
        }
        output += selfClosing ? "/>" : ">"
    }

    // MARK: - Escaping and numbers

    /// Escapes `& < > " '` as entities and drops characters XML 1.0 does not allow (control characters but tab and newlines).
    public static func escape(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A number with at most `decimals` (0…6) decimals and no trailing zeros: `12.5`, `3`, `-0.25`; never `nan` or `inf` (both are written `0`).
    public static func number(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return "0" }
        let places = min(max(decimals, 0), 6)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard scaled.magnitude < 9.0e15 else {
            // Too large for exact integer digits: write whole units, with an exponent when huge.
            let whole = value.rounded()
            return whole.magnitude < 9.0e15 ? String(Int64(whole)) : "\(whole)"
        }
        let integer = Int64(scaled)
        if integer == 0 { return "0" }
        let unit = Int64(scale)
        let magnitude = integer.magnitude
        var text = integer < 0 ? "-" : ""
        text += String(magnitude / UInt64(unit))
        var fraction = magnitude % UInt64(unit)
        guard fraction != 0 else { return text }
        var digits = places
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        return text
    }
}
