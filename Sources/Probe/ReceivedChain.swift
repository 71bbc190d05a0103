/// The relays a message passed through, oldest first, with the delay at each.
///
///     Received: … by mx.example.com …; Mon, 25 Nov 2024 10:00:02 +0100   ← newest, hop 2
///     Received: … by relay.example.org …; Mon, 25 Nov 2024 08:59:59 +0000
///     Received: … by smtp.example.org …; Mon, 25 Nov 2024 08:59:58 +0000 ← oldest, hop 0
///     → hops 0, 1, 2 with delays nil (or since submission), 1 s, 3 s; transit 4 s
///
/// Each hop's delay is its stamp minus the stamp of the hop just before it; a hop after
/// one without a date has no delay. Negative and implausibly long differences are
/// flagged on the hop (``HopFlag/clockSkew``, ``HopFlag/implausibleDelay``) with the
/// value in ``Hop/skewSeconds`` and no delay. RFC 5321 §4.4.
public struct ReceivedChain: Hashable, Sendable {
    /// The hops, oldest first (the reverse of the header order).
    public var hops: [Hop]
    /// The reverse path of the message's Return-Path, when read from a message.
    public var returnPath: String?
    /// Problems met while scanning the header block.
    public var warnings: [ReceivedParseWarning]
    /// The instant our own SMTP submission was accepted, in Unix seconds, when known
    /// (`nil` when the value given was not finite).
    public var submittedAt: Double?
    /// Seconds from the oldest dated hop to the newest; `nil` with fewer than two dated
    /// hops, or when negative or above ``ReceivedParserOptions/implausibleDelaySeconds``.
    public var transitSeconds: Int64?
    /// Seconds from ``submittedAt`` (whole seconds) to the newest dated hop; `nil` without
    /// both, or when negative or implausible.
    public var sinceSubmissionSeconds: Int64?

    /// Builds the hops from headers in message order (newest first).
    ///
    /// `submittedAt` gives the first hop a delay: its stamp minus the submission instant
    /// rounded down to the second, since stamps carry whole seconds.
    public init(headers: [ReceivedHeader], returnPath: String? = nil, warnings: [ReceivedParseWarning] = [],
                submittedAt: Double? = nil, options: ReceivedParserOptions = .init()) {
        self.returnPath = returnPath
        self.warnings = warnings
        let submittedSecond = submittedAt.flatMap(Self.wholeSeconds)
        self.submittedAt = submittedSecond == nil ? nil : submittedAt
        var hops: [Hop] = []
        var previous: Int64? = submittedSecond
        for (index, header) in headers.reversed().enumerated() {
            var hop = Hop(index: index, header: header)
            if header.warnings.contains(where: { $0.kind != .missingDate && $0.kind != .unreadableDate }) {
                hop.flags.insert(.parseWarnings)
            }
            guard let at = header.date?.unixSeconds else {
                hop.flags.insert(header.dateText == nil ? .missingDate : .unreadableDate)
                previous = nil
                hops.append(hop)
                continue
            }
            if let previous {
                let difference = at - previous
                if difference < 0 {
                    hop.skewSeconds = difference
                    hop.flags.insert(.clockSkew)
                } else if difference > options.implausibleDelaySeconds {
                    hop.skewSeconds = difference
                    hop.flags.insert(.implausibleDelay)
                } else {
                    hop.delaySeconds = difference
                }
            }
            previous = at
            hops.append(hop)
        }
        self.hops = hops

        let dated = hops.compactMap { $0.at?.unixSeconds }
        let plausible = 0...max(0, options.implausibleDelaySeconds)
        if dated.count >= 2, let first = dated.first, let last = dated.last, plausible.contains(last - first) {
            transitSeconds = last - first
        }
        if let submittedSecond, let last = dated.last, plausible.contains(last - submittedSecond) {
            sinceSubmissionSeconds = last - submittedSecond
        }
    }

    /// Reads the Received headers of a message (its header block is enough).
    public init(message: some Collection<UInt8>, submittedAt: Double? = nil, options: ReceivedParserOptions = .init()) {
        self = ReceivedHeaderBlock(message: message, options: options).chain(relativeTo: submittedAt, options: options)
    }

    /// Reads the Received headers of a message (its header block is enough).
    public init(message: String, submittedAt: Double? = nil, options: ReceivedParserOptions = .init()) {
        self = ReceivedHeaderBlock(message: message, options: options).chain(relativeTo: submittedAt, options: options)
    }

    /// The same headers with delays computed against another submission instant.
    public func chain(relativeTo submittedAt: Double?, options: ReceivedParserOptions = .init()) -> ReceivedChain {
        ReceivedChain(headers: hops.reversed().map(\.header), returnPath: returnPath, warnings: warnings,
                      submittedAt: submittedAt, options: options)
    }

    /// The headers in message order (newest first).
    public var headers: [ReceivedHeader] { hops.reversed().map(\.header) }

    /// Some hop's stamp is earlier than the one before, or implausibly later.
    public var hasClockSkew: Bool {
        hops.contains { $0.flags.contains(.clockSkew) || $0.flags.contains(.implausibleDelay) }
    }

    static func wholeSeconds(_ value: Double) -> Int64? {
        guard value.isFinite, abs(value) < 1e15 else { return nil }
        return Int64(value.rounded(.down))
    }
}
