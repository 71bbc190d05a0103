/// Which rollup bucket: probe, route (`''` for none), phase, resolution and bucket start.
struct RollupKey: Hashable, Sendable {
    /// Five minutes and one hour, in milliseconds.
    static let fiveMinutesMs: Int64 = 300_000
    static let oneHourMs: Int64 = 3_600_000
    static let resolutions = [fiveMinutesMs, oneHourMs]

    var probe: String
    var route: String
    var phase: String
    var resolutionMs: Int64
    var bucketStartMs: Int64

    /// The start of the bucket of `resolutionMs` (positive) that holds `instantMs`: the floor, also before 1970;
    /// `Int64.min` when that is below what an `Int64` holds.
    static func bucketStart(of instantMs: Int64, resolutionMs: Int64) -> Int64 {
        let (quotient, remainder) = instantMs.quotientAndRemainder(dividingBy: resolutionMs)
        let (start, overflow) = (remainder < 0 ? quotient - 1 : quotient).multipliedReportingOverflow(by: resolutionMs)
        return overflow ? .min : start
    }
}
