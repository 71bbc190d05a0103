/// One probe run, as everything after the probe sees it: `--json`, the store, the
/// HTTP API, notification payloads and the dashboard all read this one value.
///
/// Its JSON encoding (snake_case keys, durations in fractional milliseconds, instants in
/// Unix milliseconds) is documented in `docs/json-schema.md`; ``schemaVersion`` changes
/// when a key changes meaning, never when one is added.
public struct ProbeRunRecord: Sendable, Hashable, Codable {
    public static let currentSchemaVersion = 1

    /// The four kinds of probe the configuration's `type:` names.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case roundTrip = "roundtrip"
        case transit
        case smtp
        case imap
    }

    /// Whether the run measured anything, or why not.
    public enum State: String, Sendable, Hashable, Codable {
        /// The probe ran to its end (whatever its status).
        case completed
        /// It was due while the previous run of the same probe was still going.
        case skipped
        /// The daemon stopped and cancelled it past its grace period.
        case cancelled
        /// The daemon died while it ran; found in the journal on the next start.
        case interrupted
    }

    public struct Phase: Sendable, Hashable, Codable {
        public var name: String
        public var ms: Double

        public init(name: String, ms: Double) {
            self.name = name
            self.ms = ms
        }
    }

    public struct Arrival: Sendable, Hashable, Codable {
        /// `idle+poll`, `idle` or `poll`.
        public var mode: String?
        public var firstSeenMs: Double?
        public var serverNotifiedMs: Double?
        /// Where the message was found: the mailbox, or the junk folder.
        public var mailbox: String?

        enum CodingKeys: String, CodingKey {
            case mode, mailbox
            case firstSeenMs = "first_seen_ms"
            case serverNotifiedMs = "server_notified_ms"
        }

        public init(mode: String?, firstSeenMs: Double?, serverNotifiedMs: Double?, mailbox: String?) {
            self.mode = mode
            self.firstSeenMs = firstSeenMs
            self.serverNotifiedMs = serverNotifiedMs
            self.mailbox = mailbox
        }
    }

    /// A server reply: SMTP code and enhanced status, or an IMAP status word in `text`.
    public struct Reply: Sendable, Hashable, Codable {
        public var code: Int?
        public var enhanced: String?
        public var text: String

        public init(code: Int?, enhanced: String?, text: String) {
            self.code = code
            self.enhanced = enhanced
            self.text = text
        }
    }

    /// Why the run failed: the phase, a stable code, the message, and the server's words.
    public struct Failure: Sendable, Hashable, Codable {
        public var phase: String?
        /// The reason kind (`auth_failed`, `timeout`, `smtp_rejected`, …).
        public var code: String
        public var message: String
        public var reply: Reply?

        public init(phase: String?, code: String, message: String, reply: Reply? = nil) {
            self.phase = phase
            self.code = code
            self.message = message
            self.reply = reply
        }
    }

    public struct TraceLine: Sendable, Hashable, Codable {
        public var ms: Double
        /// `C` sent, `S` received, `*` a note.
        public var dir: String
        public var line: String

        public init(ms: Double, dir: String, line: String) {
            self.ms = ms
            self.dir = dir
            self.line = line
        }
    }

    public var schemaVersion: Int
    /// The store's id, once stored.
    public var id: Int64?
    public var probe: String
    public var kind: Kind
    /// `corp->other` for a transit route; `nil` otherwise.
    public var route: String?
    public var location: String?
    /// Wall clock at the start, Unix milliseconds.
    public var startedAtMs: Int64
    public var durationMs: Double
    public var state: State
    public var status: ProbeStatus
    public var reasons: [ProbeReason]
    /// In the order they ran; names as in thresholds (`submit.data_accepted`, `delivery`, `total`).
    public var phases: [Phase]
    public var arrival: Arrival?
    public var hops: [RunHop]
    /// TLS facts per endpoint role: `smtp`, `imap`.
    public var tls: [String: RunTLSFacts]
    /// `host:port` per endpoint role.
    public var endpoints: [String: String]
    public var error: Failure?
    public var token: String?
    public var queueID: String?
    /// The SMTP server's reply to the final dot.
    public var finalReply: Reply?
    public var internalDate: String?
    public var swept: Int?
    /// Masked transcripts per session (`smtp`, `imap.idle`, `imap.poll`), when recorded.
    public var traces: [String: [TraceLine]]?
    /// The address that answered, per endpoint role (`smtp`: `192.0.2.1:587`): `smtp` and `imap` probes.
    public var addresses: [String: String]?
    /// The mailbox an `imap` probe selected.
    public var mailbox: RunMailbox?
    /// What an `imap` probe saw while it watched the mailbox.
    public var idle: RunIdleWatch?
    /// `[ALERT]` texts the IMAP server sent (RFC 9051 §7.1).
    public var alerts: [String]?

    public init(probe: String, kind: Kind, route: String? = nil, location: String? = nil, startedAtMs: Int64,
                durationMs: Double = 0, state: State = .completed, status: ProbeStatus, reasons: [ProbeReason] = [],
                phases: [Phase] = []) {
        self.schemaVersion = Self.currentSchemaVersion
        self.probe = probe
        self.kind = kind
        self.route = route
        self.location = location
        self.startedAtMs = startedAtMs
        self.durationMs = durationMs
        self.state = state
        self.status = status
        self.reasons = reasons
        self.phases = phases
        self.hops = []
        self.tls = [:]
        self.endpoints = [:]
    }

    /// The status is `ok`.
    public var ok: Bool { status == .ok }

    /// The phase called `name`, in milliseconds.
    public func milliseconds(of name: String) -> Double? {
        phases.first { $0.name == name }?.ms
    }

    /// The reason that matters most: the first of the worst status.
    public var mainReason: ProbeReason? {
        reasons.filter { $0.status == status }.first ?? reasons.first
    }
}
