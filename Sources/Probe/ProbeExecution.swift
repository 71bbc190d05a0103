import Glibc
import IMAPClient
import SMTPClient

/// Runs one configured probe of any kind and returns its run records: one per route for a
/// transit probe, one otherwise. The single entry point of the CLI commands and the daemon.
///
/// Secrets are read when the run starts (a token command runs again every time). A
/// configuration that cannot be used (a secret that cannot be read) gives an `unknown`
/// record that says why, never a crash.
public struct ProbeExecution: Sendable {
    public var file: ProbeConfigFile
    public var spec: ProbeSpec
    /// Record the masked protocol transcripts.
    public var recordsTrace: Bool
    /// Wall-clock now in Unix milliseconds (injected for tests).
    public var wallClock: @Sendable () -> Int64
    /// The probe messages' tokens, made before the run (see ``makeTokens()``): by route name for a transit
    /// probe, under `""` for a round trip. A route without one gets a new token.
    public var tokens: [String: String] = [:]

    public init(file: ProbeConfigFile, spec: ProbeSpec, recordsTrace: Bool = false,
                wallClock: @escaping @Sendable () -> Int64 = ProbeExecution.systemWallClock) {
        self.file = file
        self.spec = spec
        self.recordsTrace = recordsTrace
        self.wallClock = wallClock
    }

    /// Unix milliseconds from CLOCK_REALTIME.
    @Sendable public static func systemWallClock() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Runs the probe (only the `routes` named, for a transit probe, when given).
    public func run(routes names: [String] = []) async -> [ProbeRunRecord] {
        let startedAt = wallClock()
        do throws(ConfigError) {
            switch spec.kind {
            case .roundTrip, .transit:
                var routes = try await file.routes(of: spec, only: names)
                for index in routes.indices {
                    routes[index].configuration.token = tokens[spec.recordKind == .transit ? routes[index].name : ""]
                    routes[index].configuration.smtp.recordsTrace = recordsTrace
                    routes[index].configuration.imap.recordsTrace = recordsTrace
                }
                let results = await TransitProbe(routes: routes).run()
                return zip(routes, results).map { route, result in
                    let configuration = route.configuration
                    return ProbeRunRecord(result.result, probe: spec.name, kind: spec.recordKind,
                                          route: spec.recordKind == .transit ? route.name : nil, location: file.location,
                                          startedAtMs: startedAt,
                                          endpoints: ["smtp": "\(configuration.smtp.host):\(configuration.smtp.port)",
                                                      "imap": "\(configuration.imap.host):\(configuration.imap.port)"])
                }
            case .smtp(let name, let send):
                let account = try self.account(name)
                var configuration = try await file.smtpConfiguration(for: account, timeout: spec.timeout)
                configuration.recordsTrace = recordsTrace
                let probe = SMTPServiceProbe(configuration: configuration, sender: account.address, send: send,
                                             thresholds: spec.thresholds, location: file.location)
                return [ProbeRunRecord(await probe.run(), probe: spec.name, kind: .smtp, location: file.location, startedAtMs: startedAt,
                                       endpoints: ["smtp": "\(configuration.host):\(configuration.port)"])]
            case .imap(let name, let idleCheck):
                let account = try self.account(name)
                var configuration = try await file.imapConfiguration(for: account, timeout: spec.timeout)
                configuration.recordsTrace = recordsTrace
                let probe = IMAPServiceProbe(configuration: configuration, mailbox: account.imap.mailbox ?? "INBOX",
                                             idleCheck: idleCheck, thresholds: spec.thresholds)
                return [ProbeRunRecord(await probe.run(), probe: spec.name, kind: .imap, location: file.location, startedAtMs: startedAt,
                                       endpoints: ["imap": "\(configuration.host):\(configuration.port)"])]
            }
        } catch {
            return [unusable(error, startedAt: startedAt)]
        }
    }

    /// A new token for each probe message the run will send, keyed as ``tokens`` (none for the
    /// single-service probes): the daemon journals them before the run starts.
    public func makeTokens() -> [String: String] {
        switch spec.kind {
        case .roundTrip: ["": ProbeMessage.makeToken()]
        case .transit(let routes): Dictionary(routes.map { ($0.description, ProbeMessage.makeToken()) }, uniquingKeysWith: { first, _ in first })
        case .smtp, .imap: [:]
        }
    }

    /// Deletes the probe messages carrying `tokens` (left by runs a crash interrupted) from the
    /// recipient's mailbox and junk folder of `route` (`nil`: the round trip's); returns how many.
    public func deleteLeftovers(_ tokens: [String], route: String?) async throws -> Int {
        let routes = try await file.routes(of: spec, only: route.map { [$0] } ?? [])
        guard let target = routes.first(where: { route == nil || $0.name == route }) else { return 0 }
        return try await RoundTripProbe(configuration: target.configuration).deleteMessages(tokens: tokens)
    }

    /// The records a run gives that could not start: `unknown`, with the configuration's error.
    func unusable(_ error: ConfigError, startedAt: Int64) -> ProbeRunRecord {
        let reason = ProbeReason(.invalid, .unknown, message: "\(error)")
        var record = ProbeRunRecord(probe: spec.name, kind: spec.recordKind, location: file.location, startedAtMs: startedAt,
                                    durationMs: Double(wallClock() - startedAt), status: .unknown, reasons: [reason])
        record.error = ProbeRunRecord.Failure(phase: nil, code: ProbeReason.Kind.invalid.rawValue, message: reason.message)
        return record
    }

    private func account(_ name: String) throws(ConfigError) -> AccountConfig {
        guard let account = file.accounts[name] else {
            throw ConfigError(.unknownAccount, at: ConfigLocation(file: file.file, line: nil, keyPath: "probes.\(spec.name)"),
                              "no account named \"\(name)\"")
        }
        return account
    }
}
