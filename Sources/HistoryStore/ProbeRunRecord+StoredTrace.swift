import Foundation
import Probe

extension ProbeRunRecord {
    /// The most trace JSON a stored run keeps: 64 KiB.
    static let storedTraceLimit = 64 * 1024

    /// `traces` as stored: whole when their JSON fits ``storedTraceLimit``, otherwise the first lines of
    /// each session (sorted by name) up to the limit, ending with a `*` note that says what was cut.
    static func storedTraces(_ traces: [String: [TraceLine]]?) throws -> [String: [TraceLine]]? {
        guard let traces else { return nil }
        if try HistoryStore.encodeJSON(traces).utf8.count <= storedTraceLimit { return traces }
        // Room for the braces, the note line and its session key.
        var budget = storedTraceLimit - 512
        var kept: [String: [TraceLine]] = [:]
        var dropped = 0
        var lastSession: String?
        var lastMs = 0.0
        for session in traces.keys.sorted() {
            let lines = traces[session] ?? []
            guard dropped == 0 else {
                dropped += lines.count
                continue
            }
            budget -= try HistoryStore.encodeJSON(session).utf8.count + 3
            var sessionLines: [TraceLine] = []
            for (offset, line) in lines.enumerated() {
                let size = try HistoryStore.encodeJSON(line).utf8.count + 1
                guard size <= budget else {
                    dropped += lines.count - offset
                    break
                }
                budget -= size
                sessionLines.append(line)
                lastMs = line.ms
            }
            kept[session] = sessionLines
            lastSession = session
        }
        if let lastSession {
            let note = TraceLine(ms: lastMs, dir: "*", line: "trace cut at 64 KiB: \(dropped) more lines not stored")
            kept[lastSession, default: []].append(note)
        }
        return kept
    }
}
