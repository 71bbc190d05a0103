import Foundation
import HistoryStore
import Probe

/// Records and stores for the tests.
enum StoreFixtures {
    /// A fresh directory under the system's temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("historystore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A run with the given identity, status and phases; `durationMs` is the total.
    static func run(_ probe: String = "corp", route: String? = nil, at startedAtMs: Int64, status: ProbeStatus = .ok,
                    durationMs: Double = 1000, phases: [(String, Double)] = [], state: ProbeRunRecord.State = .completed) -> ProbeRunRecord {
        ProbeRunRecord(probe: probe, kind: route == nil ? .roundTrip : .transit, route: route, location: "office-berlin",
                       startedAtMs: startedAtMs, durationMs: durationMs, state: state, status: status,
                       phases: phases.map { ProbeRunRecord.Phase(name: $0.0, ms: $0.1) })
    }

    /// A run with every field of the record set.
    static func fullRun(at startedAtMs: Int64 = 1_712_345_678_901) throws -> ProbeRunRecord {
        var record = ProbeRunRecord(
            probe: "corp-roundtrip", kind: .roundTrip, location: "office-berlin", startedAtMs: startedAtMs,
            durationMs: 23_456.789, status: .critical,
            reasons: [ProbeReason(.threshold, .critical, phase: "submit.data_accepted", value: 23_400.5, limit: 20_000,
                                  message: "accepting the message took 23.4 s",
                                  reply: ProbeRunRecord.Reply(code: 250, enhanced: "2.0.0", text: "Ok: queued as 4XyZ"))],
            phases: [.init(name: "submit.connect", ms: 12.345), .init(name: "submit.data_accepted", ms: 23_400.5),
                     .init(name: "delivery", ms: 40.001), .init(name: "total", ms: 23_456.789)])
        record.arrival = ProbeRunRecord.Arrival(mode: "idle+poll", firstSeenMs: 30.5, serverNotifiedMs: 28.25, mailbox: "INBOX")
        record.hops = [try decode(RunHop.self, """
            {"by": "mx.corp.example", "from": "smtp.corp.example", "with": "ESMTPS", "id": "4XyZ", "at": "2024-04-05T19:34:39Z",
             "delay_ms": 1000, "for": "probe@corp.example", "from_host": "smtp.corp.example", "from_ip": "192.0.2.1",
             "at_unix": 1712345679, "at_local": "2024-04-05T21:34:39+02:00", "skew_ms": -2000, "flags": ["tls"]}
            """)]
        record.tls = ["smtp": try decode(RunTLSFacts.self, """
            {"version": "TLSv1.3", "cipher": "TLS_AES_256_GCM_SHA384", "peer_subject": "CN=smtp.corp.example",
             "issuer": "CN=R11,O=Let's Encrypt,C=US", "not_after": "2027-01-31T09:00:00Z", "not_after_unix": 1801386000,
             "days_left": 59, "verified": true}
            """)]
        record.endpoints = ["smtp": "smtp.corp.example:587", "imap": "imap.corp.example:993"]
        record.error = ProbeRunRecord.Failure(phase: "submit.data_accepted", code: "timeout", message: "no reply in 20 s",
                                              reply: ProbeRunRecord.Reply(code: 451, enhanced: "4.3.0", text: "try later"))
        record.token = "mp-7f3a9c"
        record.queueID = "4XyZ"
        record.finalReply = ProbeRunRecord.Reply(code: 250, enhanced: "2.0.0", text: "Ok: queued as 4XyZ")
        record.internalDate = "05-Apr-2024 21:34:40 +0200"
        record.swept = 2
        record.traces = ["smtp": [.init(ms: 0.5, dir: "S", line: "220 smtp.corp.example ESMTP"),
                                  .init(ms: 1.25, dir: "C", line: "EHLO probe")],
                         "imap.idle": [.init(ms: 2, dir: "*", line: "IDLE started")]]
        return record
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }
}
