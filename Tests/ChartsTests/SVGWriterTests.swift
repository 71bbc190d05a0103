import Charts
import Testing

/// Escaping and number formatting of the SVG writer.
@Suite struct SVGWriterTests {
    @Test(arguments: [
        (0.0, "0"), (3, "3"), (12.345, "12.35"), (-0.25, "-0.25"), (0.001, "0"), (-0.004, "0"), (1.10, "1.1"),
        (100, "100"), (1_700_000_000_000, "1700000000000"), (.nan, "0"), (.infinity, "0"), (-.infinity, "0"),
        (0.05, "0.05"), (2.5e20, "2.5e+20"),
    ])
    func numbersHaveAtMostTwoDecimals(value: Double, expected: String) {
        #expect(SVGWriter.number(value) == expected)
    }

    @Test func numbersWithOneDecimal() {
        #expect(SVGWriter.number(12.35, decimals: 1) == "12.4")
        #expect(SVGWriter.number(7.04, decimals: 1) == "7")
        #expect(SVGWriter.number(7.96, decimals: 0) == "8")
    }

    @Test(arguments: [
        ("a < b & \"c\"", "a &lt; b &amp; &quot;c&quot;"), ("it's > x", "it&#39;s &gt; x"), ("bell\u{7}\u{0}", "bell"),
        ("tab\tnew\nline", "tab\tnew\nline"), ("A→B ✓", "A→B ✓"),
    ])
    func escaping(input: String, expected: String) {
        #expect(SVGWriter.escape(input) == expected)
    }

    @Test func elementsNestAndEscapeAttributes() {
        var svg = SVGWriter()
        svg.open("g", [("class", "a\"b")])
        svg.element("text", [("x", "1")], text: "<hi>")
        svg.empty("rect", [("width", "2")])
        svg.open("g")
        #expect(svg.finish() == "<g class=\"a&quot;b\"><text x=\"1\">&lt;hi&gt;</text><rect width=\"2\"/><g></g></g>")
    }
}
