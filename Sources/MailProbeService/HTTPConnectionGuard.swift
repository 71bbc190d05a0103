import Logging
import NIOCore
import NIOHTTPTypes

/// Carries out ``HTTPConnectionBudget`` and ``HTTPRequestDeadline`` on one connection of the HTTP listener:
/// a connection over budget is closed as it opens, one that takes longer than the request timeout to
/// deliver a request is closed then. One per connection, after the HTTP decoder.
final class HTTPConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let budget: HTTPConnectionBudget
    private let timeout: TimeAmount
    private let logger: Logger
    private var deadline = HTTPRequestDeadline()
    private var scheduled: Scheduled<Void>?
    private var started = false
    /// The client's address while it holds a place in the budget.
    private var admitted: String?

    init(budget: HTTPConnectionBudget, requestTimeout: Duration, logger: Logger) {
        self.budget = budget
        self.timeout = TimeAmount(requestTimeout)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: carryOut(deadline.requestHead(), context)
        case .body: break
        case .end: carryOut(deadline.requestEnd(), context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let isEnd = if case .end = unwrapOutboundIn(data) { true } else { false }
        context.write(data, promise: promise)
        if isEnd { carryOut(deadline.responseEnd(), context) }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let client = context.channel.remoteAddress?.ipAddress ?? "unknown"
        switch budget.admit(client: client) {
        case .admitted:
            admitted = client
            carryOut(deadline.opened(), context)
        case .refusedTotal(let first):
            if first { logger.warning("HTTP listener full: \(budget.maxConnections) connections open (serve.http.max_connections); closing new ones until one ends") }
            context.close(promise: nil)
        case .refusedClient(let first):
            if first { logger.warning("HTTP client \(client) holds \(budget.maxPerClient) connections (serve.http.max_connections_per_client); closing its new ones") }
            context.close(promise: nil)
        }
    }

    private func finish() {
        scheduled?.cancel()
        scheduled = nil
        if let client = admitted { budget.release(client: client) }
        admitted = nil
    }

    private func carryOut(_ action: HTTPRequestDeadline.Action, _ context: ChannelHandlerContext) {
        switch action {
        case .arm:
            scheduled?.cancel()
            scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                scheduled = nil
                carryOut(deadline.deadlinePassed(), context)
            }
        case .disarm:
            scheduled?.cancel()
            scheduled = nil
        case .close:
            logger.debug("HTTP client \(admitted ?? "unknown"): no whole request within the request timeout (serve.http.request_timeout); closing")
            context.close(promise: nil)
        case .none:
            break
        }
    }
}
