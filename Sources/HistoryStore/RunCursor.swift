/// A position in the runs' order (started_at_ms descending, then id descending): the last run of a page.
///
/// Handed out as `r1712345678000.42`; opaque to clients.
struct RunCursor: Hashable {
    var startedAtMs: Int64
    var id: Int64

    init(startedAtMs: Int64, id: Int64) {
        self.startedAtMs = startedAtMs
        self.id = id
    }

    // cursor = "r" started-at-ms "." id
    init?(_ text: String) {
        guard text.first == "r", text.utf8.count <= 48 else { return nil }
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let started = Int64(parts[0]), let id = Int64(parts[1]), id > 0 else { return nil }
        self.startedAtMs = started
        self.id = id
    }

    var text: String { "r\(startedAtMs).\(id)" }
}
