import Foundation
import MailTransport
import Testing

@testable import Probe

/// The run record: its JSON (docs/json-schema.md) and the record a round trip's result gives.
@Suite("Run record: JSON and construction")
struct ProbeRunRecordTests {
    typealias Record = ProbeRunRecord

    /// 2026-12-24T18:00:00Z in Unix milliseconds.
    static let startedAt: Int64 = 1_798_135_200_000

    static let received = "Received: from h0.example (h0.example [192.0.2.1])\r\n\tby h1.example with ESMTP id Q0\r\n"
        + "\tfor <probe@corp.example>; Thu, 24 Dec 2026 19:00:01 +0100 (CET)\r\nSubject: t\r\n\r\nbody\r\n"

    /// A record with every optional field, at every level, set.
    static func fullRecord() -> Record {
        let reply = Record.Reply(code: 550, enhanced: "5.1.1", text: "no such user")
        var record = Record(probe: "corp-other", kind: .transit, route: "corp->other", location: "office-berlin", startedAtMs: startedAt,
                            durationMs: 1234.567, state: .completed, status: .critical, reasons: [
                                ProbeReason(.threshold, .warning, phase: "delivery", value: 900.5, limit: 500, message: "delivery took 900.5 ms"),
                                ProbeReason(.smtpRejected, .critical, phase: "submit.rcpt_to", value: 1, limit: 2, message: "rejected", reply: reply),
                            ], phases: [Record.Phase(name: "submit.connect", ms: 1.25), Record.Phase(name: "total", ms: 1234.567)])
        record.id = 42
        record.arrival = Record.Arrival(mode: "idle+poll", firstSeenMs: 800.5, serverNotifiedMs: 1300.25, mailbox: "Junk")
        var hop = RunHop(ReceivedChain(message: received).hops[0])
        hop.delayMs = 2000
        hop.skewMs = -3000
        hop.flags = ["clock_skew"]
        record.hops = [hop]
        let tls = TLSSessionInfo(protocolVersion: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", peerSubject: "CN=smtp.corp.example",
                                 peerIssuer: "CN=Test CA", notAfter: 1_801_386_000, verified: true)
        record.tls = ["smtp": RunTLSFacts(tls, nowUnix: startedAt / 1000), "imap": RunTLSFacts(tls, nowUnix: startedAt / 1000)]
        record.endpoints = ["smtp": "smtp.corp.example:587", "imap": "imap.other.example:993"]
        record.error = Record.Failure(phase: "submit.rcpt_to", code: "smtp_rejected", message: "rejected", reply: reply)
        record.token = "mp-0123456789abcdef"
        record.queueID = "4XyZ12abc"
        record.finalReply = Record.Reply(code: 250, enhanced: "2.0.0", text: "Ok: queued as 4XyZ12abc")
        record.internalDate = "24-Dec-2026 18:00:01 +0000"
        record.swept = 2
        record.traces = ["smtp": [Record.TraceLine(ms: 0.5, dir: "C", line: "EHLO probe")],
                         "imap.idle": [Record.TraceLine(ms: 1.75, dir: "S", line: "* 1 EXISTS"), Record.TraceLine(ms: 2, dir: "*", line: "note")]]
        return record
    }

    static func object(_ record: Record) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(record)) as? [String: Any])
    }

    // MARK: - JSON

    @Test func encodeThenDecodeIsTheSameRecord() throws {
        let record = Self.fullRecord()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        #expect(try JSONDecoder().decode(Record.self, from: try encoder.encode(record)) == record)
        #expect(try JSONDecoder().decode(Record.self, from: try JSONEncoder().encode(record)) == record)
        let minimal = Record(probe: "p", kind: .smtp, startedAtMs: 0, status: .ok)
        #expect(try JSONDecoder().decode(Record.self, from: try JSONEncoder().encode(minimal)) == minimal)
    }

    @Test func everyKeyOfAFullRecord() throws {
        let json = try Self.object(Self.fullRecord())
        #expect(Set(json.keys) == ["schema_version", "id", "probe", "kind", "route", "location", "started_at_ms", "duration_ms", "state",
                                   "ok", "outcome", "reasons", "phases", "arrival", "hops", "tls", "endpoints", "error", "token", "queue_id",
                                   "final_reply", "internal_date", "swept", "traces"])
        #expect(json["schema_version"] as? Int == 1 && json["id"] as? Int == 42)
        #expect(json["probe"] as? String == "corp-other" && json["kind"] as? String == "transit" && json["route"] as? String == "corp->other")
        #expect(json["started_at_ms"] as? Int64 == Self.startedAt && json["duration_ms"] as? Double == 1234.567)
        #expect(json["state"] as? String == "completed" && json["ok"] as? Bool == false && json["outcome"] as? String == "critical")

        let reasons = try #require(json["reasons"] as? [[String: Any]])
        #expect(Set(reasons[1].keys) == ["kind", "status", "phase", "value_ms", "limit_ms", "message", "reply"])
        #expect(reasons[0]["kind"] as? String == "threshold" && reasons[0]["value_ms"] as? Double == 900.5 && reasons[0]["reply"] == nil)
        #expect(reasons[1]["kind"] as? String == "smtp_rejected" && reasons[1]["status"] as? String == "critical")
        let phases = try #require(json["phases"] as? [[String: Any]])
        #expect(phases.map { Set($0.keys) } == [["name", "ms"], ["name", "ms"]])
        #expect(phases.compactMap { $0["name"] as? String } == ["submit.connect", "total"] && phases[0]["ms"] as? Double == 1.25)

        let arrival = try #require(json["arrival"] as? [String: Any])
        #expect(Set(arrival.keys) == ["mode", "first_seen_ms", "server_notified_ms", "mailbox"])
        let hops = try #require(json["hops"] as? [[String: Any]])
        #expect(Set(hops[0].keys) == ["by", "from", "with", "id", "at", "delay_ms", "for", "from_host", "from_ip", "at_unix", "at_local",
                                      "skew_ms", "flags"])
        #expect(hops[0]["by"] as? String == "h1.example" && hops[0]["from_ip"] as? String == "192.0.2.1")
        #expect(hops[0]["at"] as? String == "2026-12-24T18:00:01Z" && hops[0]["at_local"] as? String == "2026-12-24T19:00:01+01:00")
        #expect(hops[0]["at_unix"] as? Int64 == 1_798_135_201 && hops[0]["for"] as? String == "probe@corp.example")
        #expect(hops[0]["flags"] as? [String] == ["clock_skew"])
        let tls = try #require(json["tls"] as? [String: [String: Any]])
        #expect(Set(tls.keys) == ["smtp", "imap"])
        #expect(Set(try #require(tls["smtp"]).keys) == ["version", "cipher", "peer_subject", "issuer", "not_after", "not_after_unix",
                                                         "days_left", "verified"])
        #expect(tls["smtp"]?["not_after"] as? String == "2027-01-31T09:00:00Z" && tls["smtp"]?["days_left"] as? Int == 37)
        #expect(json["endpoints"] as? [String: String] == ["smtp": "smtp.corp.example:587", "imap": "imap.other.example:993"])
        let error = try #require(json["error"] as? [String: Any])
        #expect(Set(error.keys) == ["phase", "code", "message", "reply"])
        #expect(Set(try #require(error["reply"] as? [String: Any]).keys) == ["code", "enhanced", "text"])
        #expect(Set(try #require(json["final_reply"] as? [String: Any]).keys) == ["code", "enhanced", "text"])
        let traces = try #require(json["traces"] as? [String: [[String: Any]]])
        #expect(Set(traces.keys) == ["smtp", "imap.idle"] && traces["imap.idle"]?.map { Set($0.keys) } == [["ms", "dir", "line"], ["ms", "dir", "line"]])
        #expect(json["token"] as? String == "mp-0123456789abcdef" && json["queue_id"] as? String == "4XyZ12abc" && json["swept"] as? Int == 2)
    }

    @Test func aMinimalRecordOmitsWhatItDoesNotHave() throws {
        let json = try Self.object(Record(probe: "p", kind: .imap, startedAtMs: 5, status: .ok))
        #expect(Set(json.keys) == ["schema_version", "probe", "kind", "started_at_ms", "duration_ms", "state", "ok", "outcome", "reasons",
                                   "phases", "hops", "tls", "endpoints"])
        #expect(json["ok"] as? Bool == true && json["outcome"] as? String == "ok" && json["state"] as? String == "completed")
        #expect((json["tls"] as? [String: Any])?.isEmpty == true && (json["hops"] as? [Any])?.isEmpty == true)
        #expect((json["reasons"] as? [Any])?.isEmpty == true && (json["endpoints"] as? [String: Any])?.isEmpty == true)
    }

    @Test func decodingFillsTheListsThatMayBeAbsent() throws {
        let text = #"{"schema_version": 1, "probe": "p", "kind": "smtp", "started_at_ms": 5, "duration_ms": 1.5, "state": "skipped", "ok": true, "outcome": "unknown"}"#
        let record = try JSONDecoder().decode(Record.self, from: Data(text.utf8))
        #expect(record == Record(probe: "p", kind: .smtp, startedAtMs: 5, durationMs: 1.5, state: .skipped, status: .unknown))
        #expect(!record.ok, "ok follows the outcome, not the key")
    }

    @Test(arguments: [
        #"{"probe": "p", "kind": "smtp", "started_at_ms": 5, "duration_ms": 1, "state": "completed", "outcome": "ok"}"#,
        #"{"schema_version": 1, "kind": "smtp", "started_at_ms": 5, "duration_ms": 1, "state": "completed", "outcome": "ok"}"#,
        #"{"schema_version": 1, "probe": "p", "kind": "pop3", "started_at_ms": 5, "duration_ms": 1, "state": "completed", "outcome": "ok"}"#,
        #"{"schema_version": 1, "probe": "p", "kind": "smtp", "started_at_ms": 5, "duration_ms": 1, "state": "paused", "outcome": "ok"}"#,
        #"{"schema_version": 1, "probe": "p", "kind": "smtp", "started_at_ms": 5, "duration_ms": 1, "state": "completed", "outcome": "fine"}"#,
        #"{"schema_version": 1, "probe": "p", "kind": "smtp", "started_at_ms": "5", "duration_ms": 1, "state": "completed", "outcome": "ok"}"#,
        #"{"schema_version": 1, "probe": "p", "kind": "smtp", "started_at_ms": 5, "duration_ms": 1, "state": "completed", "outcome": "ok", "tls": []}"#,
    ])
    func decodingRefusesWhatIsNotARecord(text: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Record.self, from: Data(text.utf8)) }
    }

    @Test func theNamesOfKindsAndStates() {
        #expect(Record.Kind.allCases.map(\.rawValue) == ["roundtrip", "transit", "smtp", "imap"])
        #expect([Record.State.completed, .skipped, .cancelled, .interrupted].map(\.rawValue) == ["completed", "skipped", "cancelled", "interrupted"])
        #expect(Record.currentSchemaVersion == 1 && Record(probe: "p", kind: .smtp, startedAtMs: 0, status: .ok).schemaVersion == 1)
    }

    // MARK: - From a round trip's result

    static func result() -> RoundTripResult {
        var result = RoundTripResult(token: "mp-abc")
        result.phases = [
            ProbePhase(name: "submit.connect", duration: .nanoseconds(1_234_567)),
            ProbePhase(name: "submit.data_accepted", duration: .milliseconds(20)),
            ProbePhase(name: "delivery", duration: .nanoseconds(812_345_678)),
            ProbePhase(name: "retrieve.fetch", duration: .microseconds(2500)),
            ProbePhase(name: "total", duration: .nanoseconds(1_500_000_400)),
        ]
        result.add(ProbeReason(.threshold, .warning, phase: "delivery", value: 812.346, limit: 500, message: "delivery took 812 ms"))
        result.add(ProbeReason(.authFailed, .critical, phase: "submit.auth", message: "535 authentication failed",
                               reply: Record.Reply(code: 535, enhanced: "5.7.8", text: "Authentication credentials invalid")))
        result.arrivalMode = .idleAndPoll
        result.firstSeenAfterAcceptance = .nanoseconds(800_000_400)
        result.serverNotifiedAfterAcceptance = .milliseconds(1300)
        result.foundIn = "INBOX"
        result.queueID = "4XyZ12abc"
        result.finalReply = Record.Reply(code: 250, enhanced: "2.0.0", text: "Ok: queued as 4XyZ12abc")
        result.internalDate = "24-Dec-2026 18:00:01 +0000"
        result.hops = ReceivedChain(message: received).hops
        // Valid for 59 days and 100 s after the run ended (started + 1.5 s).
        result.smtpTLS = TLSSessionInfo(protocolVersion: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", peerSubject: "CN=smtp.corp.example",
                                        peerIssuer: "CN=Test CA", notAfter: 1_798_135_201 + 59 * 86_400 + 100, verified: false)
        result.sweptMessages = 3
        result.traces = [
            ("smtp", [TraceEntry(offset: .microseconds(1500), direction: .sent, text: "EHLO probe")]),
            ("imap.idle", []),
            ("imap.poll", [TraceEntry(offset: .nanoseconds(2_000_400), direction: .received, text: "* OK ready")]),
        ]
        return result
    }

    @Test func aRecordFromARoundTrip() throws {
        let endpoints = ["smtp": "smtp.corp.example:587", "imap": "imap.corp.example:993"]
        let record = Record(Self.result(), probe: "corp-roundtrip", kind: .roundTrip, location: "office-berlin", startedAtMs: Self.startedAt,
                            endpoints: endpoints)
        #expect(record.schemaVersion == 1 && record.id == nil && record.probe == "corp-roundtrip" && record.kind == .roundTrip)
        #expect(record.route == nil && record.location == "office-berlin" && record.startedAtMs == Self.startedAt)
        #expect(record.durationMs == 1500 && record.state == .completed && record.status == .critical && !record.ok)
        // Milliseconds rounded to the microsecond.
        #expect(record.phases == [Record.Phase(name: "submit.connect", ms: 1.235), Record.Phase(name: "submit.data_accepted", ms: 20),
                                  Record.Phase(name: "delivery", ms: 812.346), Record.Phase(name: "retrieve.fetch", ms: 2.5),
                                  Record.Phase(name: "total", ms: 1500)])
        #expect(record.milliseconds(of: "delivery") == 812.346 && record.milliseconds(of: "cleanup") == nil)
        #expect(record.reasons.map(\.kind) == [.threshold, .authFailed])
        #expect(record.mainReason?.kind == .authFailed, "the first reason of the worst status")
        // The error is the first failure, not the slow phase before it, with the server's reply.
        #expect(record.error == Record.Failure(phase: "submit.auth", code: "auth_failed", message: "535 authentication failed",
                                               reply: Record.Reply(code: 535, enhanced: "5.7.8", text: "Authentication credentials invalid")))
        #expect(record.arrival == Record.Arrival(mode: "idle+poll", firstSeenMs: 800, serverNotifiedMs: 1300, mailbox: "INBOX"))
        #expect(record.hops == Self.result().hops.map(RunHop.init))
        #expect(record.hops.first?.by == "h1.example" && record.hops.first?.atUnix == 1_798_135_201 && record.hops.first?.recipient == "probe@corp.example")
        let smtp = try #require(record.tls["smtp"])
        #expect(record.tls.count == 1, "no imap entry without an IMAP TLS session")
        #expect(smtp.version == "TLSv1.3" && smtp.cipher == "TLS_AES_128_GCM_SHA256" && smtp.peerSubject == "CN=smtp.corp.example")
        #expect(smtp.issuer == "CN=Test CA" && smtp.notAfter == "2027-02-21T18:01:41Z" && smtp.notAfterUnix == 1_803_232_901)
        #expect(smtp.daysLeft == 59 && !smtp.verified, "days left counted from the run's end")
        #expect(record.endpoints == endpoints)
        #expect(record.token == "mp-abc" && record.queueID == "4XyZ12abc" && record.internalDate == "24-Dec-2026 18:00:01 +0000")
        #expect(record.finalReply == Record.Reply(code: 250, enhanced: "2.0.0", text: "Ok: queued as 4XyZ12abc") && record.swept == 3)
        // Empty transcripts are left out.
        #expect(record.traces == ["smtp": [Record.TraceLine(ms: 1.5, dir: "C", line: "EHLO probe")],
                                  "imap.poll": [Record.TraceLine(ms: 2, dir: "S", line: "* OK ready")]])
        #expect(try JSONDecoder().decode(Record.self, from: try JSONEncoder().encode(record)) == record)
    }

    @Test func aRecordOfARunThatNeverArrived() throws {
        var result = RoundTripResult(token: "mp-lost")
        result.phases = [ProbePhase(name: "submit.data_accepted", duration: .milliseconds(5)), ProbePhase(name: "total", duration: .seconds(2))]
        result.add(ProbeReason(.lost, .critical, phase: "delivery", message: "not arrived after 2 s"))
        result.traces = [("smtp", [])]
        let record = Record(result, probe: "p", kind: .transit, route: "a->b", location: nil, startedAtMs: 7)
        #expect(record.arrival == nil && record.tls.isEmpty && record.traces == nil && record.hops.isEmpty && record.endpoints.isEmpty)
        #expect(record.error == Record.Failure(phase: "delivery", code: "lost", message: "not arrived after 2 s"))
        #expect(record.route == "a->b" && record.durationMs == 2000 && record.swept == 0)
        let json = try Self.object(record)
        #expect(json["arrival"] == nil && json["traces"] == nil && json["queue_id"] == nil && json["location"] == nil)
        #expect((json["tls"] as? [String: Any])?.isEmpty == true)
        #expect((json["error"] as? [String: Any])?.keys.sorted() == ["code", "message", "phase"])
    }

    @Test func slowPhasesAndLateArrivalsAreNotAnError() {
        var result = RoundTripResult(token: "mp-late")
        result.add(ProbeReason(.threshold, .warning, phase: "delivery", message: "slow"))
        result.add(ProbeReason(.late, .warning, phase: "delivery", message: "late"))
        result.add(ProbeReason(.certificateExpiring, .warning, message: "expires"))
        result.add(ProbeReason(.junk, .warning, message: "junk"))
        let record = Record(result, probe: "p", kind: .roundTrip, location: nil, startedAtMs: 0)
        #expect(record.error == nil && record.status == .warning && record.durationMs == 0)
    }
}
