import Probe

/// A status as the pages show it: a word and a CSS class (colour and an icon shape), `no data` without runs.
struct DashboardStatus {
    var word: String
    var cssClass: String

    init(_ status: ProbeStatus?) {
        switch status {
        case .ok: (word, cssClass) = ("OK", "ok")
        case .warning: (word, cssClass) = ("WARNING", "warning")
        case .critical: (word, cssClass) = ("CRITICAL", "critical")
        case .unknown: (word, cssClass) = ("UNKNOWN", "unknown")
        case nil: (word, cssClass) = ("NO DATA", "none")
        }
    }
}
