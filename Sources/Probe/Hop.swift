/// One relay a message passed through, with the delay since the hop before it.
///
///     Received: from mail.example.org (mail.example.org [192.0.2.1])
///             by mx.example.com (Postfix) with ESMTPS id 4XyZ12abc
///             for <bob@example.com>; Mon, 25 Nov 2024 10:00:00 +0100 (CET)
///     → by mx.example.com, from mail.example.org [192.0.2.1], with ESMTPS,
///       at 2024-11-25T09:00:00Z, delay 2 s after the hop before
///
/// Delays are whole seconds: Received stamps carry no fractions. A delay that is
/// negative (the receiver's clock is behind) or implausibly long is not reported as a
/// delay: ``delaySeconds`` is `nil`, ``skewSeconds`` holds the raw difference and
/// ``flags`` says which. RFC 5321 §4.4.
public struct Hop: Hashable, Sendable {
    /// Position in the chain, 0 for the oldest (the first relay).
    public var index: Int
    /// The Received header this hop was read from.
    public var header: ReceivedHeader
    /// Seconds since the hop before (or since submission, for the first hop when the
    /// submission instant is known); `nil` when unknown or untrustworthy.
    public var delaySeconds: Int64?
    /// The difference to the hop before when it is negative or implausibly large
    /// (``HopFlag/clockSkew``, ``HopFlag/implausibleDelay``); `nil` otherwise.
    public var skewSeconds: Int64?
    public var flags: Set<HopFlag>

    public init(index: Int, header: ReceivedHeader, delaySeconds: Int64? = nil, skewSeconds: Int64? = nil,
                flags: Set<HopFlag> = []) {
        self.index = index
        self.header = header
        self.delaySeconds = delaySeconds
        self.skewSeconds = skewSeconds
        self.flags = flags
    }

    /// The receiving host.
    public var by: String? { header.by }
    /// The sending host as it named itself.
    public var from: String? { header.from }
    /// The sending host's reverse-DNS name, when the receiver wrote it.
    public var fromHost: String? { header.fromHost }
    /// The sending host's address, when the receiver wrote it.
    public var fromIP: String? { header.fromIP }
    /// The protocol.
    public var with: String? { header.with }
    public var via: String? { header.via }
    /// The receiver's queue or message id.
    public var id: String? { header.id }
    /// The recipient named in the header.
    public var `for`: String? { header.for }
    /// When the receiver stamped the message.
    public var at: ReceivedDate? { header.date }
    /// Problems reading the header.
    public var warnings: [ReceivedParseWarning] { header.warnings }

    /// The delay in milliseconds, as the JSON output reports it.
    public var delayMilliseconds: Int64? { delaySeconds.map { $0 * 1000 } }
}

/// Why a hop's delay is missing or not to be trusted.
public enum HopFlag: String, Hashable, Sendable, CaseIterable, Comparable {
    /// The header has no date.
    case missingDate = "missing_date"
    /// The header's date could not be read.
    case unreadableDate = "unreadable_date"
    /// The stamp is earlier than the hop before: one of the two clocks is wrong.
    case clockSkew = "clock_skew"
    /// The stamp is later than the hop before by more than ``ReceivedParserOptions/implausibleDelaySeconds``.
    case implausibleDelay = "implausible_delay"
    /// The header had other parse warnings.
    case parseWarnings = "parse_warnings"

    public static func < (lhs: HopFlag, rhs: HopFlag) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
