extension ServeConfig {
    /// `public_url` joined with a dashboard path, with exactly one slash between them whether or not
    /// `public_url` ends with `/` (`https://x/` and `https://x` both give `https://x/runs/5`); `nil` without a public URL.
    ///
    ///     serve.publicLink("/runs/5")   // "https://mailprobe.corp.example/runs/5"
    public func publicLink(_ path: String) -> String? {
        guard var base = publicURL?[...] else { return nil }
        while base.hasSuffix("/") { base = base.dropLast() }
        var tail = path[...]
        while tail.hasPrefix("/") { tail = tail.dropFirst() }
        return base + "/" + tail
    }

    /// The link to run `id` on the dashboard (`{public_url}/runs/ID`), as notifications carry it.
    public func runLink(_ id: Int64) -> String? { publicLink("/runs/\(id)") }
}
