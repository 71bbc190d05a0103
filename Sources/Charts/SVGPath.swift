/// Path data (`d`) written compactly: absolute commands, one decimal, coordinates clamped to the drawing.
struct SVGPath: Sendable {
    private(set) var data: String = ""
    /// How many subpaths (`M` commands) were written.
    private(set) var subpaths: Int = 0

    var isEmpty: Bool { data.isEmpty }

    mutating func move(_ x: Double, _ y: Double) {
        data += "M" + Self.pair(x, y)
        subpaths += 1
    }

    mutating func line(_ x: Double, _ y: Double) {
        data += "L" + Self.pair(x, y)
    }

    mutating func horizontal(to x: Double) {
        data += "H" + Self.coordinate(x)
    }

    mutating func vertical(to y: Double) {
        data += "V" + Self.coordinate(y)
    }

    mutating func close() {
        data += "Z"
    }

    /// Appends path data written elsewhere (a marker's shape).
    mutating func append(_ other: String) {
        data += other
    }

    static func pair(_ x: Double, _ y: Double) -> String {
        coordinate(x) + "," + coordinate(y)
    }

    /// One decimal, clamped to ±100,000 so that a wild input cannot write a wild number.
    static func coordinate(_ value: Double) -> String {
        let clamped = value.isFinite ? min(max(value, -100_000), 100_000) : 0
        return SVGWriter.number(clamped, decimals: 1)
    }
}
