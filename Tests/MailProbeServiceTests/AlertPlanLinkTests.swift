import MonitorCore
import Probe
import Testing

@testable import MailProbeService

/// A notice's run link as the alert plan builds it from `serve.public_url`, with and without its trailing slash.
@Suite("Alert plan: run links")
struct AlertPlanLinkTests {
    static func file(publicURL: String?) throws -> ProbeConfigFile {
        let serve = publicURL.map { "serve:\n  public_url: \($0)\n" } ?? ""
        return try ProbeConfigFile.parse(yaml: serve + """
            accounts:
              corp:
                address: probe@corp.example
                smtp: {server: "smtp.corp.example:587", tls: starttls, password: {env: CORP_PW}}
                imap: {server: "imap.corp.example:993", tls: tls, password: {env: CORP_PW}}
            """, file: "mailprobe.yaml")
    }

    static func plannedLink(publicURL: String?) throws -> String? {
        let key = AlertKey(probe: "corp-roundtrip")
        let notice = AlertNotice(alertID: 1, key: key, event: .firing, severity: .critical, reasonKind: "threshold",
                                 summary: "CRITICAL corp-roundtrip", detail: "slow", sinceMs: 1_000, atMs: 1_000, runID: 5)
        let actions: [AlertAction] = [.persist(AlertState(key: key, alertID: 1, firing: true, severity: .critical, sinceMs: 1_000)),
                                      .notify(notice, notifiers: [], held: nil)]
        let plan = AlertCoordinator.plan(actions, engine: AlertEngine(), file: try file(publicURL: publicURL))
        try #require(plan.notices.count == 1)
        return plan.notices[0].notice.runURL
    }

    @Test(arguments: ["https://mailprobe.test", "https://mailprobe.test/"]) func oneSlashBeforeRuns(_ url: String) throws {
        #expect(try Self.plannedLink(publicURL: url) == "https://mailprobe.test/runs/5")
    }

    @Test func noPublicURLNoLink() throws {
        #expect(try Self.plannedLink(publicURL: nil) == nil)
    }
}
