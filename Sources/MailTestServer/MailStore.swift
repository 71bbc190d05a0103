import Synchronization

/// The in-memory mail store shared by SMTP delivery and IMAP sessions.
///
/// One lock guards everything; every method is a short critical section with no
/// I/O. Delivery appends a message, stamps the ground-truth instant, then wakes
/// every IDLE watcher of that mailbox (RFC 2177): in that order, so no client can
/// hear of a message before its recorded instant. Watchers are indexed by
/// mailbox and messages appended in place, so a delivery costs the same with
/// 10,000 idle sessions or a mailbox of 10,000 messages as with one.
final class MailStore: Sendable {
    struct Mailbox: Sendable {
        var name: String
        var uidValidity: UInt32
        var uidNext: UInt32 = 1
        var messages: [TestMailMessage] = []
    }

    struct Account: Sendable {
        var address: String
        var password: String
        /// Keyed by ``MailStore/key(_:)``.
        var mailboxes: [String: Mailbox]
    }

    /// Whose mailbox a watcher follows: user (lower-cased) and ``key(_:)``.
    private struct WatchKey: Hashable {
        var user: String
        var mailbox: String
    }

    private struct State {
        var accounts: [String: Account] = [:]
        /// IDLE watchers by mailbox, so that a delivery wakes its own without scanning the others.
        var watchers: [WatchKey: [UInt64: AsyncStream<Void>.Continuation]] = [:]
        var watcherKeys: [UInt64: WatchKey] = [:]
        var nextID: UInt64 = 1
        var deliveries: [TestMailDelivery] = []
        var sinks: [UInt64: AsyncStream<TestMailDelivery>.Continuation] = [:]
        var random: SeededRandom

        /// Runs `body` on a mailbox taken out of the dictionary, so that changing
        /// it does not copy its messages; `nil` when there is no such mailbox.
        mutating func withMailbox<T>(_ user: String, _ key: String, _ body: (inout Mailbox) -> T) -> T? {
            guard var box = accounts[user]?.mailboxes.removeValue(forKey: key) else { return nil }
            defer { accounts[user]!.mailboxes[key] = box }
            return body(&box)
        }

        func wakeWatchers(of key: WatchKey) {
            guard let watching = watchers[key] else { return }
            for continuation in watching.values { continuation.yield() }
        }
    }

    private let state: Mutex<State>

    init(users: [TestMailUser], seed: UInt64) {
        var initial = State(random: SeededRandom(seed: seed))
        for user in users {
            let validity = UInt32(truncatingIfNeeded: initial.random.next()) | 1
            initial.accounts[user.address.lowercased()] = Account(
                address: user.address, password: user.password,
                mailboxes: ["INBOX": Mailbox(name: "INBOX", uidValidity: validity)])
        }
        state = Mutex(initial)
    }

    /// INBOX is case-insensitive (RFC 9051 §5.1); other names are kept as given.
    static func key(_ mailbox: String) -> String {
        mailbox.uppercased() == "INBOX" ? "INBOX" : mailbox
    }

    /// The account's address as configured, for any capitalisation of it.
    func canonicalUser(_ address: String) -> String? {
        state.withLock { $0.accounts[address.lowercased()]?.address }
    }

    /// The canonical address when `password` is right.
    func authenticate(_ address: String, _ password: String) -> String? {
        state.withLock { state in
            guard let account = state.accounts[address.lowercased()], account.password == password else { return nil }
            return account.address
        }
    }

    /// Adds a message and records the delivery; nil when the user or mailbox does not exist.
    @discardableResult
    func deliver(_ bytes: [UInt8], to user: String, mailbox: String = "INBOX", queueID: String?,
                 flags: Set<String> = []) -> TestMailDelivery? {
        let key = Self.key(mailbox)
        return state.withLock { state -> TestMailDelivery? in
            let account = user.lowercased()
            guard let address = state.accounts[account]?.address else { return nil }
            let wall = WallClock.now()
            let stored = state.withMailbox(account, key) { box -> (uid: UInt32, name: String) in
                let uid = box.uidNext
                box.uidNext += 1
                box.messages.append(TestMailMessage(uid: uid, flags: flags, internalDate: wall, bytes: bytes,
                                                    queueID: queueID, recent: true))
                return (uid, box.name)
            }
            guard let stored else { return nil }
            let delivery = TestMailDelivery(user: address, mailbox: stored.name, queueID: queueID,
                                            uid: stored.uid, instant: .now, wallTime: wall)
            state.deliveries.append(delivery)
            for sink in state.sinks.values { sink.yield(delivery) }
            state.wakeWatchers(of: WatchKey(user: account, mailbox: key))
            return delivery
        }
    }

    /// A copy of a mailbox.
    func mailbox(_ user: String, _ mailbox: String) -> Mailbox? {
        state.withLock { $0.accounts[user.lowercased()]?.mailboxes[Self.key(mailbox)] }
    }

    /// A copy of a mailbox, and how many messages were recent; a read-write selection clears \Recent.
    func select(_ user: String, _ mailbox: String, readOnly: Bool) -> (Mailbox, recent: Int)? {
        state.withLock { state in
            state.withMailbox(user.lowercased(), Self.key(mailbox)) { box in
                let recent = box.messages.reduce(0) { $0 + ($1.recent ? 1 : 0) }
                if !readOnly && recent > 0 {
                    for index in box.messages.indices { box.messages[index].recent = false }
                }
                return (box, recent)
            }
        }
    }

    /// Changes flags of the messages with `uids`; returns the messages changed or named.
    func updateFlags(_ user: String, _ mailbox: String, uids: Set<UInt32>,
                     _ update: (inout Set<String>) -> Void) -> [TestMailMessage] {
        state.withLock { state in
            state.withMailbox(user.lowercased(), Self.key(mailbox)) { box in
                var touched: [TestMailMessage] = []
                for index in box.messages.indices where uids.contains(box.messages[index].uid) {
                    update(&box.messages[index].flags)
                    touched.append(box.messages[index])
                }
                return touched
            } ?? []
        }
    }

    /// Removes \Deleted messages (only those in `uids` when given); returns the UIDs removed.
    func expunge(_ user: String, _ mailbox: String, uids: Set<UInt32>?) -> [UInt32] {
        state.withLock { state in
            let key = Self.key(mailbox)
            let removed: [UInt32] = state.withMailbox(user.lowercased(), key) { box in
                var removed: [UInt32] = []
                box.messages.removeAll { message in
                    let goes = message.flags.contains("\\Deleted") && (uids?.contains(message.uid) ?? true)
                    if goes { removed.append(message.uid) }
                    return goes
                }
                return removed
            } ?? []
            if !removed.isEmpty { state.wakeWatchers(of: WatchKey(user: user.lowercased(), mailbox: key)) }
            return removed
        }
    }

    /// COPY or MOVE (RFC 9051 §6.4.7, RFC 6851): appends copies of the messages with `uids` to
    /// `target` with new UIDs, flags and internal dates kept and \Recent set; with `removing`,
    /// takes them out of `source` too. Returns the target's UIDVALIDITY and (source, target) UID
    /// pairs in source order, or nil when either mailbox does not exist.
    func copy(_ user: String, from source: String, uids: [UInt32], to target: String,
              removing: Bool) -> (uidValidity: UInt32, pairs: [(UInt32, UInt32)])? {
        state.withLock { state in
            let account = user.lowercased()
            let (sourceKey, targetKey) = (Self.key(source), Self.key(target))
            guard let messages = state.accounts[account]?.mailboxes[sourceKey]?.messages,
                  state.accounts[account]?.mailboxes[targetKey] != nil else { return nil }
            let wanted = Set(uids)
            let copied = messages.filter { wanted.contains($0.uid) }
            let result = state.withMailbox(account, targetKey) { box -> (UInt32, [(UInt32, UInt32)]) in
                var pairs: [(UInt32, UInt32)] = []
                for var message in copied {
                    pairs.append((message.uid, box.uidNext))
                    message.uid = box.uidNext
                    message.recent = true
                    box.uidNext += 1
                    box.messages.append(message)
                }
                return (box.uidValidity, pairs)
            }!
            if removing, !copied.isEmpty {
                _ = state.withMailbox(account, sourceKey) { box in box.messages.removeAll { wanted.contains($0.uid) } }
                state.wakeWatchers(of: WatchKey(user: account, mailbox: sourceKey))
            }
            if !copied.isEmpty { state.wakeWatchers(of: WatchKey(user: account, mailbox: targetKey)) }
            return (result.0, result.1)
        }
    }

    /// Creates a mailbox; false when it exists or the user does not.
    func create(_ user: String, _ mailbox: String) -> Bool {
        state.withLock { state in
            let key = Self.key(mailbox)
            guard state.accounts[user.lowercased()] != nil,
                  state.accounts[user.lowercased()]!.mailboxes[key] == nil else { return false }
            let validity = UInt32(truncatingIfNeeded: state.random.next()) | 1
            state.accounts[user.lowercased()]!.mailboxes[key] = Mailbox(name: key, uidValidity: validity)
            return true
        }
    }

    /// DELETE (RFC 9051 §6.3.5): false for INBOX, or when there is no such mailbox.
    func delete(_ user: String, _ mailbox: String) -> Bool {
        state.withLock { state in
            let key = Self.key(mailbox)
            guard key != "INBOX", state.accounts[user.lowercased()]?.mailboxes.removeValue(forKey: key) != nil else { return false }
            // A session idling on it looks, and finds it gone.
            state.wakeWatchers(of: WatchKey(user: user.lowercased(), mailbox: key))
            return true
        }
    }

    /// RENAME (RFC 9051 §6.3.6): false when the source is missing or the new name exists. Renaming
    /// INBOX moves its messages to the new mailbox and leaves INBOX empty; any other mailbox takes
    /// its inferiors (`name/…`) along.
    func rename(_ user: String, _ mailbox: String, to newName: String) -> Bool {
        state.withLock { state in
            let account = user.lowercased()
            let (key, newKey) = (Self.key(mailbox), Self.key(newName))
            guard state.accounts[account]?.mailboxes[key] != nil, state.accounts[account]?.mailboxes[newKey] == nil else {
                return false
            }
            if key == "INBOX" {
                let validity = UInt32(truncatingIfNeeded: state.random.next()) | 1
                var moved = Mailbox(name: newKey, uidValidity: validity)
                _ = state.withMailbox(account, key) { inbox in
                    for var message in inbox.messages {
                        message.uid = moved.uidNext
                        moved.uidNext += 1
                        moved.messages.append(message)
                    }
                    inbox.messages = []
                }
                state.accounts[account]!.mailboxes[newKey] = moved
                state.wakeWatchers(of: WatchKey(user: account, mailbox: key))
            } else {
                let renamed = state.accounts[account]!.mailboxes.keys.filter { $0 == key || $0.hasPrefix(key + "/") }
                for old in renamed {
                    let new = newKey + old.dropFirst(key.count)
                    guard state.accounts[account]!.mailboxes[new] == nil else { continue }
                    var box = state.accounts[account]!.mailboxes.removeValue(forKey: old)!
                    box.name = new
                    state.accounts[account]!.mailboxes[new] = box
                    state.wakeWatchers(of: WatchKey(user: account, mailbox: old))
                }
            }
            return true
        }
    }

    /// The user's mailbox names, sorted (INBOX first).
    func mailboxNames(_ user: String) -> [String] {
        state.withLock { state in
            let names = state.accounts[user.lowercased()]?.mailboxes.keys.sorted() ?? []
            return names.filter { $0 == "INBOX" } + names.filter { $0 != "INBOX" }
        }
    }

    /// A stream that yields whenever the mailbox changes, until ``unwatch(_:)``.
    func watch(_ user: String, _ mailbox: String) -> (UInt64, AsyncStream<Void>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            let key = WatchKey(user: user.lowercased(), mailbox: Self.key(mailbox))
            state.watchers[key, default: [:]][id] = continuation
            state.watcherKeys[id] = key
            return id
        }
        return (id, stream)
    }

    func unwatch(_ id: UInt64) {
        let continuation = state.withLock { state -> AsyncStream<Void>.Continuation? in
            guard let key = state.watcherKeys.removeValue(forKey: id) else { return nil }
            defer { if state.watchers[key]?.isEmpty == true { state.watchers[key] = nil } }
            return state.watchers[key]?.removeValue(forKey: id)
        }
        continuation?.finish()
    }

    /// Every delivery so far, in order.
    var deliveries: [TestMailDelivery] {
        state.withLock { $0.deliveries }
    }

    /// Deliveries from now on (and, with `replay`, those so far first).
    func deliveryStream(replay: Bool) -> AsyncStream<TestMailDelivery> {
        let (stream, continuation) = AsyncStream.makeStream(of: TestMailDelivery.self)
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            if replay { for delivery in state.deliveries { continuation.yield(delivery) } }
            state.sinks[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.sinks.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every delivery stream and watcher (server stop).
    func finishAll() {
        let (sinks, watchers) = state.withLock { state in
            defer { state.sinks = [:]; state.watchers = [:]; state.watcherKeys = [:] }
            return (Array(state.sinks.values), state.watchers.values.flatMap(\.values))
        }
        for sink in sinks { sink.finish() }
        for watcher in watchers { watcher.finish() }
    }

    /// A seeded random number (queue ids).
    func random() -> UInt64 {
        state.withLock { $0.random.next() }
    }
}
