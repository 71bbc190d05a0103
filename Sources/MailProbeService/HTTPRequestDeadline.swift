/// When a connection of the HTTP listener must have delivered its next whole request. The timer runs while
/// the connection waits for a request or reads one (a client dripping header or body bytes), and stops
/// while the daemon answers; it starts again with the last response sent. A timer is an action: the
/// handler schedules it.
struct HTTPRequestDeadline: Sendable {
    enum Action: Equatable, Sendable {
        /// Schedule the deadline `timeout` from now, replacing any.
        case arm
        /// Cancel the scheduled deadline.
        case disarm
        /// Close the connection: the deadline passed.
        case close
        case none
    }

    private var reading = false
    private var answering = 0
    private var armed = false

    /// The connection opened: its first request is due.
    mutating func opened() -> Action { arm() }

    /// A request's head was read; a pipelined request behind one being answered is timed too.
    mutating func requestHead() -> Action {
        reading = true
        return arm()
    }

    /// The request was read to its end: the daemon answers it, untimed.
    mutating func requestEnd() -> Action {
        reading = false
        answering += 1
        guard armed else { return .none }
        armed = false
        return .disarm
    }

    /// A response was sent to its end: with nothing else to answer or read, the next request is due.
    mutating func responseEnd() -> Action {
        answering = max(0, answering - 1)
        return answering == 0 ? arm() : .none
    }

    /// The scheduled deadline fired.
    mutating func deadlinePassed() -> Action {
        armed ? .close : .none
    }

    private mutating func arm() -> Action {
        guard !armed else { return .none }
        armed = true
        return .arm
    }
}
