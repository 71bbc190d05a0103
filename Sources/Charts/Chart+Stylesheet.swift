extension Chart {
    /// The Okabe–Ito palette (colour-blind safe) for `series-0` … `series-7`, light theme.
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
    /// The same palette for dark backgrounds: the blue lightened, black turned light grey.
    public static let darkPalette = ["#3D9BE0", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#D0D0D0"]

    /// CSS for every chart class, light by default with `@media (prefers-color-scheme: dark)` variants; the dashboard serves it.
    public static let stylesheet: String =
        colours(palette, Theme.light) + rules + "@media (prefers-color-scheme: dark){" + colours(darkPalette, Theme.dark) + "}"

    /// The light rules inside each SVG, in a cascade layer so that any page style wins over them.
    static let fallbackStylesheet: String = "@layer mp-chart-fallback{" + colours(palette, Theme.light) + rules + "}"

    private enum Theme {
        static let light = ["--fg:#1f2328", "--muted:#57606a", "--grid:#e3e6ea", "--axis:#8c959f", "--other:#6e7781"]
        static let dark = ["--fg:#e6edf3", "--muted:#9da7b1", "--grid:#30363d", "--axis:#6e7681", "--other:#9da7b1"]
    }

    /// The colour of each marker kind; the shape tells them apart as much as the colour.
    private static func markerColour(_ kind: MarkerKind, _ colours: [String]) -> String {
        switch kind {
        case .timeout, .rejected5xx: colours[5]
        case .rejected4xx, .late: colours[1]
        case .auth, .corrupted: colours[3]
        case .tls: colours[0]
        case .lost: colours[7]
        case .junk: colours[2]
        case .slow: colours[4]
        case .other: "var(--other)"
        }
    }

    private static func colours(_ colours: [String], _ theme: [String]) -> String {
        var css = ".mp-chart{" + theme.joined(separator: ";") + "}"
        for (index, colour) in colours.enumerated() {
            css += ".mp-chart .series-\(index){--c:\(colour)}"
        }
        for kind in MarkerKind.allCases {
            css += ".mp-chart .marker-\(kind.rawValue){--c:\(markerColour(kind, colours))}"
        }
        css += ".mp-chart .threshold-warning,.mp-chart .band-warning{--c:\(colours[1])}"
        css += ".mp-chart .threshold-critical,.mp-chart .band-critical,.mp-chart .failure,.mp-chart .failed-label{--c:\(colours[5])}"
        return css
    }

    private static let rules = [
        ".mp-chart{font:11px system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}",
        ".mp-chart text{fill:var(--fg)}",
        ".mp-chart .title{font-weight:600;font-size:12px}",
        ".mp-chart .tick text{fill:var(--muted)}",
        ".mp-chart .grid{fill:none;stroke:var(--grid);stroke-width:1}",
        ".mp-chart .axis{fill:none;stroke:var(--axis);stroke-width:1}",
        ".mp-chart .line,.mp-chart .median{fill:none;stroke:var(--c);stroke-width:1.5;stroke-linejoin:round;stroke-linecap:round}",
        ".mp-chart .area,.mp-chart .swatch,.mp-chart .bar{fill:var(--c)}",
        ".mp-chart .spread{fill:var(--c);fill-opacity:.3}",
        ".mp-chart .bar.failed{fill-opacity:.15;stroke:var(--c);stroke-width:1.5;stroke-dasharray:3 2}",
        ".mp-chart .threshold{fill:none;stroke:var(--c);stroke-width:1.5;stroke-dasharray:6 3}",
        ".mp-chart .threshold.threshold-critical{stroke-dasharray:2 2}",
        ".mp-chart .threshold-label,.mp-chart .failed-label{fill:var(--c)}",
        ".mp-chart .band{fill:var(--c);fill-opacity:.14}",
        ".mp-chart .marker{fill:var(--c);stroke:var(--c);stroke-width:1.5}",
        ".mp-chart .failure{fill:none;stroke:var(--c);stroke-width:1.5}",
        ".mp-chart .hit{fill:transparent;pointer-events:all}",
        ".mp-chart .hit:hover{fill:var(--fg);fill-opacity:.08}",
    ].joined()
}
