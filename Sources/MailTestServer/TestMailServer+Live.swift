import Synchronization

/// Changes to a running server: its faults, its delivery delay, and relays to other servers.
///
///     let corp = try await TestMailServer.start(.init(users: [TestMailUser(address: "probe@corp.test", password: "pw")]))
///     let partner = try await TestMailServer.start(.init(users: [TestMailUser(address: "probe@partner.test", password: "pw")]))
///     corp.relay(domain: "partner.test", to: partner)                        // corp -> partner at once
///     partner.relay(domain: "corp.test", to: corp, delay: .seconds(4))       // partner -> corp 4 s late
///     corp.replaceFaults(FaultPlan(rules: [.smtp("rcpt_to"): [.reply(code: "451", text: "4.3.0 try later")]]))
///
/// Sessions read the settings at every command, so a change applies to the next command of every
/// open session; a message already accepted keeps the delay it was accepted with.
extension TestMailServer {
    /// Replaces the fault plan of every session from the next command on.
    public func replaceFaults(_ plan: FaultPlan) {
        context.live.withLock { $0.faults = plan }
    }

    /// Replaces the delay between the 250 to DATA and the message entering a local mailbox.
    public func setDeliveryDelay(_ delay: Duration) {
        context.live.withLock { $0.deliveryDelay = max(.zero, delay) }
    }

    /// The fault plan and delivery delay in force now (``configuration`` is the one started with).
    public var liveSettings: (faults: FaultPlan, deliveryDelay: Duration) {
        context.live.withLock { ($0.faults, $0.deliveryDelay) }
    }

    /// Accepts mail for `domain` (users of `server`) and stores it in `server`'s mailboxes,
    /// `delay` after this server's own delivery delay; called again it replaces the delay.
    /// A user of this server's own with that domain stays local.
    public func relay(domain: String, to server: TestMailServer, delay: Duration = .zero) {
        let relay = RelayRoute(store: server.context.store, delay: max(.zero, delay))
        context.live.withLock { $0.relays[domain.lowercased()] = relay }
    }

    /// Stops relaying `domain`: its recipients are unknown users again.
    public func removeRelay(domain: String) {
        _ = context.live.withLock { $0.relays.removeValue(forKey: domain.lowercased()) }
    }
}

/// What a running server may change: faults, delivery delay, relays by recipient domain.
struct LiveSettings: Sendable {
    var faults: FaultPlan
    var deliveryDelay: Duration
    /// By lower-cased domain.
    var relays: [String: RelayRoute] = [:]
}

/// Where mail for another server's users goes, and how much later.
struct RelayRoute: Sendable {
    let store: MailStore
    let delay: Duration
}

/// One recipient's mailbox store and the delay added to the server's own delivery delay.
struct DeliveryDestination: Sendable {
    let store: MailStore
    let extraDelay: Duration
}

extension ServerContext {
    /// The canonical address of a local user, or of a relayed domain's user at its server.
    func canonicalRecipient(_ address: String) -> String? {
        if let local = store.canonicalUser(address) { return local }
        return relayRoute(for: address)?.store.canonicalUser(address)
    }

    /// Where a (canonical) recipient's copy is stored; nil when it is neither local nor relayed now.
    func destination(of recipient: String) -> DeliveryDestination? {
        if store.canonicalUser(recipient) != nil { return DeliveryDestination(store: store, extraDelay: .zero) }
        guard let relay = relayRoute(for: recipient), relay.store.canonicalUser(recipient) != nil else { return nil }
        return DeliveryDestination(store: relay.store, extraDelay: relay.delay)
    }

    private func relayRoute(for address: String) -> RelayRoute? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...].lowercased()
        return live.withLock { $0.relays[domain] }
    }
}
