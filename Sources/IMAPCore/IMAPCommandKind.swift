/// What a command does to the session, as far as the state machine cares.
///
/// The encoder turns commands into bytes; the state machine only needs to know
/// which state a command needs, which state it leads to, and its phase.
public enum IMAPCommandKind: Hashable, Sendable {
    case capability
    case noop
    case logout
    case id
    case startTLS
    case login
    case authenticate
    case enable
    case select(String)
    case examine(String)
    case list
    case status
    case create
    case delete
    case rename
    case append
    case idle
    case search
    case fetch
    case store
    case expunge
    case copy
    case move
    case unselect
    case close

    /// The phase whose duration this command's completion ends.
    public var phase: IMAPPhase {
        switch self {
        case .capability: .capability
        case .noop: .noop
        case .logout: .logout
        case .id: .id
        case .startTLS: .starttls
        case .login, .authenticate: .auth
        case .enable: .enable
        case .select: .select
        case .examine: .examine
        case .list: .list
        case .status: .status
        case .create: .create
        case .delete: .delete
        case .rename: .rename
        case .append: .append
        case .idle: .idle
        case .search: .search
        case .fetch: .fetch
        case .store: .store
        case .expunge: .expunge
        case .copy: .copy
        case .move: .move
        case .unselect, .close: .unselect
        }
    }

    /// The command verb, for messages.
    public var name: String {
        switch self {
        case .capability: "CAPABILITY"
        case .noop: "NOOP"
        case .logout: "LOGOUT"
        case .id: "ID"
        case .startTLS: "STARTTLS"
        case .login: "LOGIN"
        case .authenticate: "AUTHENTICATE"
        case .enable: "ENABLE"
        case .select: "SELECT"
        case .examine: "EXAMINE"
        case .list: "LIST"
        case .status: "STATUS"
        case .create: "CREATE"
        case .delete: "DELETE"
        case .rename: "RENAME"
        case .append: "APPEND"
        case .idle: "IDLE"
        case .search: "UID SEARCH"
        case .fetch: "UID FETCH"
        case .store: "UID STORE"
        case .expunge: "EXPUNGE"
        case .copy: "UID COPY"
        case .move: "UID MOVE"
        case .unselect: "UNSELECT"
        case .close: "CLOSE"
        }
    }

    /// Commands that change the session state run alone (RFC 9051 §5.5).
    var isExclusive: Bool {
        switch self {
        case .startTLS, .login, .authenticate, .select, .examine, .unselect, .close, .logout, .idle, .enable: true
        default: false
        }
    }

    var allowedWhenNotAuthenticated: Bool {
        switch self {
        case .capability, .noop, .logout, .id, .startTLS, .login, .authenticate: true
        default: false
        }
    }

    var onlyWhenNotAuthenticated: Bool {
        switch self {
        case .startTLS, .login, .authenticate: true
        default: false
        }
    }

    var needsSelectedMailbox: Bool {
        switch self {
        case .search, .fetch, .store, .expunge, .copy, .move, .unselect, .close: true
        default: false
        }
    }

    var selectsMailbox: Bool {
        switch self {
        case .select, .examine: true
        default: false
        }
    }

    /// Untagged FETCH answers these commands rather than announcing news.
    var expectsFetchData: Bool {
        switch self {
        case .fetch, .store: true
        default: false
        }
    }
}

/// Mailbox news the server sends whenever it likes (RFC 9051 §7.4, RFC 2177).
public enum IMAPNotification: Hashable, Sendable {
    case exists(UInt32)
    case expunge(UInt32)
    case recent(UInt32)
    case vanished(IMAPSequenceSet)
    /// A message's flags (or other data) changed.
    case fetch(IMAPFetchResponse)
    case flags([IMAPFlag])

    /// A short name for reports: `exists`, `expunge`, ….
    public var kind: String {
        switch self {
        case .exists: "exists"
        case .expunge: "expunge"
        case .recent: "recent"
        case .vanished: "vanished"
        case .fetch: "fetch"
        case .flags: "flags"
        }
    }
}

/// The selected mailbox as the server described it (RFC 9051 §6.3.2).
public struct IMAPMailboxState: Hashable, Sendable {
    public var name: String
    public var readOnly: Bool
    public var exists: UInt32 = 0
    public var recent: UInt32?
    public var uidValidity: UInt32?
    public var uidNext: UInt32?
    public var unseen: UInt32?
    public var highestModSeq: UInt64?
    public var flags: [IMAPFlag] = []
    public var permanentFlags: [IMAPFlag]?

    public init(name: String, readOnly: Bool) {
        self.name = name
        self.readOnly = readOnly
    }
}
