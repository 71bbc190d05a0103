/// One Received hop as stored and served (the shape of ``Hop``'s JSON, readable back).
public struct RunHop: Sendable, Hashable, Codable {
    public var by: String?
    public var from: String?
    public var with: String?
    public var id: String?
    /// ISO 8601 UTC.
    public var at: String?
    public var delayMs: Int64?
    public var recipient: String?
    public var fromHost: String?
    public var fromIP: String?
    public var atUnix: Int64?
    /// ISO 8601 in the stamp's own zone.
    public var atLocal: String?
    public var skewMs: Int64?
    public var flags: [String]

    enum CodingKeys: String, CodingKey {
        case by, from, with, id, at, flags
        case delayMs = "delay_ms"
        case recipient = "for"
        case fromHost = "from_host"
        case fromIP = "from_ip"
        case atUnix = "at_unix"
        case atLocal = "at_local"
        case skewMs = "skew_ms"
    }

    public init(_ hop: Hop) {
        by = hop.by
        from = hop.from
        with = hop.with
        id = hop.id
        at = hop.at?.iso8601UTC
        delayMs = hop.delayMilliseconds
        recipient = hop.for
        fromHost = hop.fromHost
        fromIP = hop.fromIP
        atUnix = hop.at?.unixSeconds
        atLocal = hop.at?.iso8601
        skewMs = hop.skewSeconds.map { $0 * 1000 }
        flags = hop.flags.sorted().map(\.rawValue)
    }
}
