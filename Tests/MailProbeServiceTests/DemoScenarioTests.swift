import MailTestServer
import Probe
import Testing
@testable import mailprobe

/// The demo's scenario as a value: phase by elapsed time, the faults of each phase, and the
/// changes a driver is handed, at fixed instants.
@Suite struct DemoScenarioTests {
    @Test(arguments: [
        (Int64(0), DemoScenario.Phase.normal), (23_999, .normal), (24_000, .slowSubmission), (53_999, .slowSubmission),
        (54_000, .slowDelivery), (84_000, .rejecting), (93_599, .rejecting), (93_600, .recovering), (119_999, .recovering),
        (120_000, .normal), (144_500, .slowSubmission), (1_200_000 + 85_000, .rejecting),
    ])
    func phaseByElapsedTime(ms: Int64, expected: DemoScenario.Phase) {
        #expect(DemoScenario().phase(at: .milliseconds(ms)) == expected)
    }

    @Test func faultsOfEachPhase() {
        let scenario = DemoScenario()
        #expect(scenario.faults(in: .normal) == DemoScenario.Faults(corp: .none, partnerToCorpDelay: .zero))
        #expect(scenario.faults(in: .recovering) == scenario.faults(in: .normal))
        #expect(scenario.faults(in: .slowSubmission).corp.rules == [.smtp("data_accepted"): [.delay(.milliseconds(2500))]])
        #expect(scenario.faults(in: .slowSubmission).partnerToCorpDelay == .zero)
        #expect(scenario.faults(in: .slowDelivery) == DemoScenario.Faults(corp: .none, partnerToCorpDelay: .milliseconds(3500)))
        #expect(scenario.faults(in: .rejecting).corp.rules
                == [.smtp("rcpt_to"): [.reply(code: "451", text: "4.3.0 Temporary lookup failure")]])
    }

    /// The slow phases cross their thresholds, and a slow run still fits in one probe interval.
    @Test(arguments: [120, 30, 12])
    func faultsCrossTheThresholdsAtEveryPeriod(seconds: Int64) {
        let scenario = DemoScenario(period: .seconds(seconds))
        let (warning, critical) = scenario.dataAcceptedThresholds
        #expect(warning < critical && critical < scenario.slowDataAccepted)
        #expect(scenario.deliveryThreshold < scenario.slowDelivery)
        #expect(scenario.slowDelivery < scenario.probeInterval)
        #expect(scenario.probeInterval * 2 <= scenario.period * 0.25, "two slow runs fit in a slow phase: the alert fires")
    }

    @Test func scaledNumbers() {
        let quick = DemoScenario(period: .seconds(30))
        #expect(quick.scale == 0.25)
        #expect(quick.probeInterval == .milliseconds(1250))
        #expect(quick.dataAcceptedThresholds == (.milliseconds(250), .milliseconds(500)))
        #expect(quick.slowDataAccepted == .milliseconds(625))
        #expect(DemoScenario().probeInterval == .seconds(5))
    }

    @Test func advanceReportsEachPhaseOnceAndTheNextWakeUp() {
        var scenario = DemoScenario()
        let first = scenario.advance(to: .zero)
        #expect(first?.phase == .normal)
        #expect(first?.headline == "scenario: all normal (it repeats every 120 s)")
        #expect(scenario.nextChange == .seconds(24))
        #expect(scenario.advance(to: .seconds(10)) == nil, "same phase: nothing to do")
        let slow = scenario.advance(to: .milliseconds(24_010))
        #expect(slow?.phase == .slowSubmission)
        #expect(slow?.headline == "scenario: corp accepts DATA slowly, 2.5 s (thresholds 1 s / 2 s)")
        #expect(scenario.nextChange == .seconds(54))
        // A late wake-up skips straight to the phase it finds.
        #expect(scenario.advance(to: .seconds(90))?.phase == .rejecting)
        #expect(scenario.nextChange == .milliseconds(93_600))
        #expect(scenario.advance(to: .seconds(100))?.phase == .recovering)
        #expect(scenario.nextChange == .seconds(120), "the last phase ends with the period")
        #expect(scenario.advance(to: .seconds(121))?.phase == .normal, "the next period starts over")
        #expect(scenario.nextChange == .seconds(144))
        #expect(scenario.advance(to: .seconds(145))?.faults.corp.rules[.smtp("data_accepted")] != nil)
    }

    @Test func configCarriesTheScenariosNumbers() throws {
        let config = DemoConfig(accounts: [
            .init(name: "corp", address: "probe@corp.test", smtpPort: 40001, imapPort: 40002, passwordFile: "corp.pw"),
            .init(name: "partner", address: "probe@partner.test", smtpPort: 40003, imapPort: 40004, passwordFile: "partner.pw"),
        ], listenPort: 8025, dataDirectory: "/tmp/demo \"state\"", scenario: DemoScenario(period: .seconds(30)))
        let yaml = config.yaml
        #expect(yaml.contains("defaults: {interval: 1250ms,"))
        #expect(yaml.contains("submit.data_accepted: {warning: 250ms, critical: 500ms}"))
        #expect(yaml.contains("delivery: {warning: 750ms}"))
        #expect(yaml.contains("smtp: {server: \"127.0.0.1:40003\", tls: plain, password: {file: partner.pw}}"))
        #expect(yaml.contains("  corp-partner:\n    type: transit\n    routes: mesh"))
        #expect(yaml.contains("  data_dir: \"/tmp/demo \\\"state\\\"\""))
        #expect(yaml.contains("  listen: \"127.0.0.1:8025\""))
        #expect(config.dashboardURL == "http://127.0.0.1:8025")
        // It is a valid `mailprobe serve` file: every key known, every threshold a known phase.
        let file = try ProbeConfigFile.parse(yaml: yaml, file: "demo.yaml", baseDirectory: "/tmp")
        #expect(file.probeNames.sorted() == ["corp-partner", "corp-roundtrip", "partner-roundtrip"])
        #expect(file.probes["corp-roundtrip"]?.interval == .milliseconds(1250))
        #expect(file.serve.listenPort == 8025)
    }
}
