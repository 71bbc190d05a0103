/// Transit time between services: for each route A→B, a probe message submitted
/// through A's SMTP service to B's address and watched in B's mailbox.
///
/// Routes run concurrently; each reports its submit phases, its delivery time
/// and the Received chain broken into hops.
public struct TransitProbe: Sendable {
    /// One direction between two accounts.
    public struct Route: Sendable {
        /// `corp->other`.
        public var name: String
        /// A round trip with the sender's SMTP endpoint and the recipient's IMAP endpoint.
        public var configuration: RoundTripConfiguration

        public init(name: String, configuration: RoundTripConfiguration) {
            self.name = name
            self.configuration = configuration
        }
    }

    public struct RouteResult: Sendable {
        public var route: String
        public var result: RoundTripResult
    }

    public var routes: [Route]

    public init(routes: [Route]) {
        self.routes = routes
    }

    /// Runs every route at once; results in the order of ``routes``.
    public func run() async -> [RouteResult] {
        await withTaskGroup(of: (Int, RouteResult).self) { group in
            for (index, route) in routes.enumerated() {
                group.addTask {
                    (index, RouteResult(route: route.name, result: await RoundTripProbe(configuration: route.configuration).run()))
                }
            }
            var results: [(Int, RouteResult)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// The worst status of all routes.
    public static func status(of results: [RouteResult]) -> ProbeStatus {
        results.map(\.result.status).max() ?? .unknown
    }
}
