import IMAPClient
import SMTPClient

extension ProbeConfigFile {
    /// The round trip from `sender`'s SMTP service to `recipient`'s mailbox, with `spec`'s limits.
    /// Secrets are resolved now (commands run again on every call, so a token is fresh).
    public func roundTripConfiguration(from sender: AccountConfig, to recipient: AccountConfig,
                                       spec: ProbeSpec) async throws(ConfigError) -> RoundTripConfiguration {
        let smtp = try await smtpConfiguration(for: sender, timeout: spec.timeout)
        let imap = try await imapConfiguration(for: recipient, timeout: spec.timeout)
        return RoundTripConfiguration(
            smtp: smtp, imap: imap, sender: sender.address, recipient: recipient.address,
            mailbox: recipient.imap.mailbox ?? "INBOX", junkMailbox: recipient.imap.junk,
            lateAfter: spec.lateAfter, lostAfter: spec.lostAfter, thresholds: spec.thresholds, location: location)
    }

    /// The routes of a probe: its one round trip, or its transit routes (all, or those named).
    public func routes(of spec: ProbeSpec, only names: [String] = []) async throws(ConfigError) -> [TransitProbe.Route] {
        let pairs: [TransitRoute]
        switch spec.kind {
        case .roundTrip(let account), .smtp(let account, _), .imap(let account, _):
            pairs = [TransitRoute(from: account, to: account)]
        case .transit(let routes):
            if names.isEmpty {
                pairs = routes
            } else {
                let wanted = try self.routes(names)
                for route in wanted where !routes.contains(route) {
                    throw ConfigError(.unknownAccount, at: ConfigLocation(file: file, line: nil, keyPath: "probes.\(spec.name).routes"),
                                      "probe \(spec.name) has no route \(route)")
                }
                pairs = wanted
            }
        }
        var result: [TransitProbe.Route] = []
        for pair in pairs {
            guard let sender = accounts[pair.from], let recipient = accounts[pair.to] else {
                throw ConfigError(.unknownAccount, at: ConfigLocation(file: file, line: nil, keyPath: "probes.\(spec.name)"),
                                  "unknown account in route \(pair)")
            }
            result.append(TransitProbe.Route(name: pair.description,
                                             configuration: try await roundTripConfiguration(from: sender, to: recipient, spec: spec)))
        }
        return result
    }
}
