/// A failed run marked on the time axis: a shape by kind, a native tooltip, and optionally a link to the run.
public struct ChartMarker: Sendable, Hashable {
    /// Unix milliseconds.
    public var time: Int64
    public var kind: MarkerKind
    /// The tooltip, e.g. `14:05 timeout in retrieve after 60 s`.
    public var title: String
    /// Where the marker links to (a relative path or an http(s) URL); other schemes are dropped.
    public var href: String?

    public init(time: Int64, kind: MarkerKind, title: String, href: String?) {
        self.time = time
        self.kind = kind
        self.title = title
        self.href = href
    }
}
