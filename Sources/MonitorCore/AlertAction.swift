/// What the alert engine asks its driver to do.
public enum AlertAction: Sendable, Hashable {
    /// Store this state of its key (the whole of it), in the same transaction as any notice next to it.
    case persist(AlertState)
    /// Queue this notice for these notifiers; when `held` is set, store it marked held and do not send it.
    case notify(AlertNotice, notifiers: [String], held: AlertHold?)
    /// The key is no longer watched: delete its stored state.
    case forget(AlertKey)
    /// Call ``AlertEngine/tick(now:)`` at this instant (Unix ms).
    case wakeUp(atMs: Int64)
}
