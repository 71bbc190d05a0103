import Synchronization

/// The HTTP listener's open connections, over all and per client address (``HTTPListenerLimits``).
final class HTTPConnectionBudget: Sendable {
    enum Admission: Equatable, Sendable {
        case admitted
        /// Refused; `saturatedNow` on the first refusal since the budget last had room, so it is logged once.
        case refusedTotal(saturatedNow: Bool)
        case refusedClient(saturatedNow: Bool)
    }

    private struct State {
        var total = 0
        var perClient: [String: Int] = [:]
        var saturated = false
    }

    let maxConnections: Int
    let maxPerClient: Int
    private let state = Mutex(State())

    init(maxConnections: Int, maxPerClient: Int) {
        self.maxConnections = maxConnections
        self.maxPerClient = maxPerClient
    }

    /// Takes a place for a connection from `client`, or refuses it. An admitted one must be released.
    func admit(client: String) -> Admission {
        state.withLock { state in
            let fromClient = state.perClient[client, default: 0]
            guard state.total < maxConnections, fromClient < maxPerClient else {
                let first = !state.saturated
                state.saturated = true
                return state.total >= maxConnections ? .refusedTotal(saturatedNow: first) : .refusedClient(saturatedNow: first)
            }
            state.total += 1
            state.perClient[client] = fromClient + 1
            return .admitted
        }
    }

    func release(client: String) {
        state.withLock { state in
            state.total = max(0, state.total - 1)
            let left = state.perClient[client, default: 1] - 1
            state.perClient[client] = left > 0 ? left : nil
            state.saturated = false
        }
    }

    var openConnections: Int { state.withLock { $0.total } }
}
