extension ValueScale {
    /// The label of a tick: like ``label(_:unit:)``, but a linear duration axis keeps one unit from its step, so
    /// 50-second ticks read `50 s`, `100 s`, `150 s` and 5-minute ticks `5 min`, `10 min`.
    public func label(_ value: Double) -> String {
        guard kind == .linear, let factor = Self.millisecondsPer(unit), value != 0 else {
            return Self.label(value, unit: unit)
        }
        let stepMs = step * factor
        let ms = value * factor
        if stepMs >= 3_600_000 { return SVGWriter.number(ms / 3_600_000) + " h" }
        if stepMs >= 60_000 { return SVGWriter.number(ms / 60_000) + " min" }
        if ms.magnitude >= 60_000 { return SVGWriter.number(ms / 1000) + " s" }
        return Self.label(value, unit: unit)
    }

    /// A value with its unit: for `ms` and `s` the fitting time unit (`250 ms`, `1.5 s`, `2 min`, `2.5 h`; minutes from
    /// 2 minutes, hours from 2 hours), else the number and the unit (`12 %`).
    public static func label(_ value: Double, unit: String) -> String {
        let v = value.isFinite ? value : 0
        switch unit {
        case "ms":
            return duration(milliseconds: v)
        case "s":
            return v == 0 ? "0 s" : duration(milliseconds: v * 1000)
        case "":
            return SVGWriter.number(v)
        default:
            return SVGWriter.number(v) + " " + unit
        }
    }

    private static func duration(milliseconds ms: Double) -> String {
        let size = ms.magnitude
        if size < 1000 { return SVGWriter.number(ms) + " ms" }
        if size < 120_000 { return SVGWriter.number(ms / 1000) + " s" }
        if size < 7_200_000 { return SVGWriter.number(ms / 60_000) + " min" }
        return SVGWriter.number(ms / 3_600_000) + " h"
    }
}
