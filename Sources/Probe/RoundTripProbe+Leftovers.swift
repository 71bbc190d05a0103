import IMAPClient
import IMAPCore

extension RoundTripProbe {
    /// Deletes the probe messages carrying `tokens` from the mailbox and the junk folder (a missing
    /// junk folder holds nothing); returns how many went. Runs a crash interrupted leave them behind.
    ///
    ///     C: A1 UID SEARCH HEADER X-MailProbe-Id mp-7f3a9c
    ///     S: * SEARCH 17
    ///     C: A2 UID STORE 17 +FLAGS.SILENT (\Deleted)
    ///     C: A3 UID EXPUNGE 17
    public func deleteMessages(tokens: [String]) async throws(IMAPError) -> Int {
        guard !tokens.isEmpty else { return 0 }
        var deleted = 0
        for (mailbox, isJunk) in [(configuration.mailbox, false)] + (configuration.junkMailbox.map { [($0, true)] } ?? []) {
            let session = IMAPConnection(configuration: configuration.imap)
            do {
                try await session.connect()
                do {
                    _ = try await session.select(mailbox)
                } catch let error where isJunk && error.code == .no {
                    await session.close()
                    continue
                }
                var uids: [UInt32] = []
                for token in tokens { uids += try await session.uidSearch(.header(ProbeMessage.tokenHeader, token)) }
                if !uids.isEmpty { try await delete(uids, on: session) }
                deleted += uids.count
                try? await session.logout()
            } catch {
                await session.close()
                throw error
            }
        }
        return deleted
    }
}
