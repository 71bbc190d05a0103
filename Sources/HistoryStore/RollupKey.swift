/// Which rollup bucket: probe, route (`''` for none), phase, resolution and bucket start.
struct RollupKey: Hashable, Sendable {
    /// Five minutes and one hour, in milliseconds.
    static let resolutions: [Int64] = [300_000, 3_600_000]

    var probe: String
    var route: String
    var phase: String
    var resolutionMs: Int64
    var bucketStartMs: Int64

    /// The start of the bucket of `resolutionMs` that holds `instantMs` (floor, also before 1970).
    static func bucketStart(of instantMs: Int64, resolutionMs: Int64) -> Int64 {
        let remainder = instantMs % resolutionMs
        return instantMs - (remainder < 0 ? remainder + resolutionMs : remainder)
    }
}
