/// A session's view of its selected mailbox: the UIDs it has been told of, in
/// sequence-number order (RFC 9051 §2.3.1.2). Kept in step with the store by
/// EXISTS and EXPUNGE responses.
struct IMAPSelection: Sendable {
    var user: String
    var mailbox: String
    var readOnly: Bool
    var uidValidity: UInt32
    /// UID of sequence number i+1.
    var uids: [UInt32]

    /// Learns of new messages: `* N EXISTS` when there are any.
    mutating func syncNew(_ store: MailStore, into out: inout [UInt8]) {
        // Deleted, or deleted and made again (another UIDVALIDITY): not the mailbox selected.
        guard let box = store.mailbox(user, mailbox), box.uidValidity == uidValidity else { return }
        let last = uids.last ?? 0
        let fresh = box.messages.lazy.map(\.uid).filter { $0 > last }
        guard !fresh.isEmpty else { return }
        uids.append(contentsOf: fresh)
        out += Array("* \(uids.count) EXISTS\r\n".utf8)
    }

    /// Learns of removed messages: `* n EXPUNGE` for each, highest first, so every number stays valid.
    mutating func syncExpunged(_ store: MailStore, into out: inout [UInt8]) {
        guard let box = store.mailbox(user, mailbox), box.uidValidity == uidValidity else { return }
        let present = Set(box.messages.map(\.uid))
        for index in uids.indices.reversed() where !present.contains(uids[index]) {
            uids.remove(at: index)
            out += Array("* \(index + 1) EXPUNGE\r\n".utf8)
        }
    }

    /// Sequence number of `uid`, if known.
    func sequenceNumber(of uid: UInt32) -> Int? {
        var low = 0
        var high = uids.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if uids[mid] == uid { return mid + 1 }
            if uids[mid] < uid { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }
}
