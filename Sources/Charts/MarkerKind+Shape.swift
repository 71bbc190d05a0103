extension MarkerKind {
    /// The shape's name, for legends: `circle`, `triangle-up`, `triangle-down`, `square`, `diamond`, `cross`, `plus`, `bar`, `hourglass`, `triangle-right`, `dash`.
    public var shapeName: String {
        switch self {
        case .timeout: "circle"
        case .rejected4xx: "triangle-up"
        case .rejected5xx: "triangle-down"
        case .auth: "square"
        case .tls: "diamond"
        case .late: "cross"
        case .lost: "plus"
        case .junk: "bar"
        case .corrupted: "hourglass"
        case .slow: "triangle-right"
        case .other: "dash"
        }
    }

    /// The shape's path data centred on (x, y), about 8 pixels across.
    public func shape(x: Double, y: Double) -> String {
        let centre = SVGPath.pair(x, y)
        let outline = switch self {
        case .timeout: "m-3.5,0a3.5,3.5 0 1,0 7,0a3.5,3.5 0 1,0 -7,0"
        case .rejected4xx: "m0,-4l4,7h-8z"
        case .rejected5xx: "m0,4l4,-7h-8z"
        case .auth: "m-3.5,-3.5h7v7h-7z"
        case .tls: "m0,-4.5l4.5,4.5l-4.5,4.5l-4.5,-4.5z"
        case .late: "m-3.5,-3.5l7,7m0,-7l-7,7"
        case .lost: "m-4,0h8m-4,-4v8"
        case .junk: "m-1.5,-4.5h3v9h-3z"
        case .corrupted: "m-4,-4h8l-8,8h8z"
        case .slow: "m-3,-4l7,4l-7,4z"
        case .other: "m-4.5,-1.5h9v3h-9z"
        }
        return "M" + centre + outline
    }
}
