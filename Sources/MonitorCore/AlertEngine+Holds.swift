extension AlertEngine {
    /// Whether a hold lasts until a set time (a silence, a maintenance window), after which a still-firing
    /// alert notifies again; inhibition lasts as long as another alert fires and is not followed up.
    static func mutes(_ hold: AlertHold?) -> Bool {
        switch hold {
        case .silenced?, .maintenance?: true
        case .inhibited?, nil: false
        }
    }

    /// When the silences and maintenance windows that hold `key` back at `now` have all ended, following
    /// overlapping ones (`Int64.max`: a window that never closes); `nil` when none holds it at `now`.
    func muteEnd(for key: AlertKey, location: String?, at now: Int64) -> Int64? {
        var at = now
        // Each step jumps to the latest end of what holds at `at`; a bounded chain of overlaps.
        for _ in 0..<64 {
            let ends = silences.filter { $0.matches(key, location: location, at: at) }.map(\.endsAtMs)
                + maintenance.filter { $0.covers(key, location: location, at: at) }.compactMap { $0.closes(after: at) }
            guard let latest = ends.max() else { return at == now ? nil : at }
            if latest == .max { return .max }
            at = latest
        }
        return at
    }

    /// While `state` fires with a held notice: at `now`, the repeat that follows the end of its hold
    /// (`.persist` and `.notify`), a new end when the silences changed (`.persist`), or nothing.
    mutating func release(_ state: inout AlertState, watch: AlertWatch, now: Int64) -> [AlertAction] {
        guard state.firing, let was = state.heldBy else { return [] }
        let until = muteEnd(for: state.key, location: watch.location, at: now)
        if until == nil {
            let notice = notify(.repeated, &state, watch: watch, now: now, runID: state.cause?.runID, released: was)
            return [.persist(state), notice]
        }
        guard until != state.heldUntilMs else { return [] }
        state.heldUntilMs = until
        return [.persist(state)]
    }
}
