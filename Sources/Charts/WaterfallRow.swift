/// One phase of one run in a waterfall: a bar from its start for its duration, like a browser's network panel.
public struct WaterfallRow: Sendable, Hashable {
    /// The phase, e.g. `smtp.connect`.
    public var label: String
    /// When the phase started, in ms from the run's start.
    public var startMs: Double
    /// How long the phase took, in ms.
    public var durationMs: Double
    /// Which of the eight palette classes to use; taken modulo 8.
    public var colorIndex: Int
    /// The phase failed: drawn hollow and dashed, and marked `failed`.
    public var failed: Bool

    public init(label: String, startMs: Double, durationMs: Double, colorIndex: Int, failed: Bool) {
        self.label = label
        self.startMs = startMs
        self.durationMs = durationMs
        self.colorIndex = colorIndex
        self.failed = failed
    }
}
