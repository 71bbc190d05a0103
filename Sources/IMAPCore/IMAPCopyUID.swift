/// The UIDs a COPY or MOVE gave the messages in the destination mailbox (UIDPLUS, RFC 4315 §3).
///
///     S: A0005 OK [COPYUID 38505 304,319:320 3956:3958] Done
///
/// `source` and `destination` list the UIDs in the same order: the n-th source UID became the
/// n-th destination UID, under the destination's `uidValidity`.
public struct IMAPCopyUID: Hashable, Sendable {
    public var uidValidity: UInt32
    public var source: IMAPSequenceSet
    public var destination: IMAPSequenceSet

    public init(uidValidity: UInt32, source: IMAPSequenceSet, destination: IMAPSequenceSet) {
        self.uidValidity = uidValidity
        self.source = source
        self.destination = destination
    }

    /// The COPYUID of a response code, if it is one.
    public init?(_ code: IMAPResponseCode?) {
        guard case .copyUID(let validity, let source, let destination)? = code else { return nil }
        self.init(uidValidity: validity, source: source, destination: destination)
    }
}
