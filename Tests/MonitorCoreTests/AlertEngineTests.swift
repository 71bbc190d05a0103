import Foundation
import MonitorCore
import Probe
import Testing

/// Alert scripts: each run or tick, and the notices and states it must produce.
@Suite struct AlertEngineTests {
    typealias F = AlertFixtures
    static let minute = AlertFixtures.minute
    static let hour = AlertFixtures.hour
    static let t0 = AlertFixtures.t0

    @Test func firesAfterForBadRunsAndResolvesAfterResolveAfterOkRuns() throws {
        var engine = F.engine()
        let first = engine.record(F.run(.critical, id: 1), now: Self.t0 + 5 * Self.minute)
        #expect(first.notices.isEmpty)
        #expect(first.persisted.map(\.badRuns) == [1])

        let firing = engine.record(F.run(.critical, id: 2), now: Self.t0 + 10 * Self.minute)
        let notice = try #require(firing.notices.first)
        #expect(firing.events == [.firing])
        #expect(notice.summary == "CRITICAL corp-roundtrip (office-berlin): \(F.acceptWords)")
        #expect(notice.alertID == 1)
        #expect(notice.severity == .critical)
        #expect(notice.reasonKind == "threshold")
        #expect(notice.phase == "submit.data_accepted")
        #expect(notice.location == "office-berlin")
        #expect(notice.detail == "submit.data_accepted took 23.4 s, over the critical limit 20 s")
        #expect(notice.sinceMs == Self.t0 + 10 * Self.minute)
        #expect(notice.runID == 2)
        #expect(firing.holds == [nil])
        #expect(firing.contains(.notify(notice, notifiers: ["slack"], held: nil)))
        let state = try #require(firing.persisted.first)
        #expect(state.firing && state.severity == .critical && state.alertID == 1)
        #expect(state.lastNotifiedMs == Self.t0 + 10 * Self.minute)
        #expect(firing.wakeUp == Self.t0 + 10 * Self.minute + 4 * Self.hour)

        #expect(engine.record(F.run(.ok, id: 3), now: Self.t0 + 15 * Self.minute).notices.isEmpty)
        let resolved = engine.record(F.run(.ok, id: 4), now: Self.t0 + 22 * Self.minute)
        #expect(resolved.summaries == ["RESOLVED corp-roundtrip: ok again after 12m (was critical: \(F.acceptWords))"])
        #expect(resolved.notices.first?.event == .resolved)
        #expect(resolved.notices.first?.alertID == 1)
        #expect(resolved.notices.first?.runID == 4)
        #expect(resolved.persisted.first?.firing == false)
    }

    @Test func badRunsMustBeConsecutive() {
        var engine = F.engine()
        let statuses: [ProbeStatus] = [.critical, .ok, .critical, .ok, .warning]
        for (index, status) in statuses.enumerated() {
            #expect(engine.record(F.run(status), now: Self.t0 + Int64(index) * Self.minute).notices.isEmpty)
        }
        #expect(engine.state(for: F.corp)?.firing == false)
    }

    @Test func firesAtTheWorstSeverityOfTheStreak() {
        var engine = F.engine()
        _ = engine.record(F.run(.critical), now: Self.t0 + Self.minute)
        let firing = engine.record(F.run(.warning), now: Self.t0 + 2 * Self.minute)
        #expect(firing.summaries == ["CRITICAL corp-roundtrip (office-berlin): \(F.acceptWords)"])
    }

    @Test func escalatesThenLowersSeverityWithoutANotice() {
        var engine = F.engine()
        _ = engine.record(F.run(.warning), now: Self.t0 + Self.minute)
        #expect(engine.record(F.run(.warning), now: Self.t0 + 2 * Self.minute).summaries
            == ["WARNING corp-roundtrip (office-berlin): \(F.acceptWarningWords)"])
        let escalated = engine.record(F.run(.critical), now: Self.t0 + 3 * Self.minute)
        #expect(escalated.events == [.escalated])
        #expect(escalated.summaries == ["CRITICAL corp-roundtrip (office-berlin): \(F.acceptWords)"])
        #expect(escalated.notices.first?.alertID == 1, "the same firing period")
        #expect(escalated.notices.first?.sinceMs == Self.t0 + 2 * Self.minute)
        let lowered = engine.record(F.run(.warning), now: Self.t0 + 4 * Self.minute)
        #expect(lowered.notices.isEmpty)
        #expect(lowered.persisted.first?.severity == .warning)
        #expect(lowered.persisted.first?.firing == true)
        #expect(engine.record(F.run(.critical), now: Self.t0 + 5 * Self.minute).events == [.escalated])
    }

    @Test func repeatsEveryRepeatIntervalWhileFiring() {
        var engine = F.engine()
        let firedAt = Self.t0 + 2 * Self.minute
        _ = engine.record(F.run(.critical), now: Self.t0 + Self.minute)
        _ = engine.record(F.run(.critical, id: 9), now: firedAt)
        #expect(engine.tick(now: firedAt + 4 * Self.hour - 1).notices.isEmpty)
        let repeated = engine.tick(now: firedAt + 4 * Self.hour)
        #expect(repeated.events == [.repeated])
        #expect(repeated.summaries == ["CRITICAL corp-roundtrip (office-berlin): \(F.acceptWords)"])
        #expect(repeated.notices.first?.runID == 9)
        #expect(repeated.notices.first?.sinceMs == firedAt)
        #expect(repeated.wakeUp == firedAt + 8 * Self.hour)
        #expect(engine.tick(now: firedAt + 4 * Self.hour + 1).notices.isEmpty)
    }

    @Test func unknownAndUnfinishedRunsAreNeutral() {
        var engine = F.engine()
        _ = engine.record(F.run(.critical), now: Self.t0 + Self.minute)
        for (index, state) in [ProbeRunRecord.State.skipped, .cancelled, .interrupted].enumerated() {
            #expect(engine.record(F.run(.critical, state: state), now: Self.t0 + Int64(2 + index) * Self.minute).notices.isEmpty)
        }
        for index in 0..<20 {
            #expect(engine.record(F.run(.unknown), now: Self.t0 + Int64(10 + index) * Self.minute).notices.isEmpty)
        }
        #expect(engine.state(for: F.corp)?.badRuns == 1, "neutral runs neither count nor reset")
        #expect(engine.record(F.run(.critical), now: Self.t0 + 40 * Self.minute).events == [.firing])
        // And they do not resolve it either.
        _ = engine.record(F.run(.ok), now: Self.t0 + 41 * Self.minute)
        _ = engine.record(F.run(.unknown), now: Self.t0 + 42 * Self.minute)
        #expect(engine.record(F.run(.ok), now: Self.t0 + 43 * Self.minute).events == [.resolved])
    }

    @Test func noDataFiresAfterThreeIntervalsAndTheNextRunResolvesIt() {
        var engine = AlertEngine()
        #expect(engine.configure(watches: [F.watch()], now: Self.t0) == [.wakeUp(atMs: Self.t0 + 15 * Self.minute)])
        #expect(engine.tick(now: Self.t0 + 15 * Self.minute - 1).notices.isEmpty)
        let noData = engine.tick(now: Self.t0 + 15 * Self.minute)
        #expect(noData.summaries == ["CRITICAL corp-roundtrip (office-berlin): no run recorded for 3 intervals (15m)"])
        #expect(noData.notices.first?.reasonKind == "no_data")
        #expect(noData.notices.first?.severity == .critical)
        #expect(noData.persisted.first?.noData == true)
        let resolved = engine.record(F.run(.unknown), now: Self.t0 + 20 * Self.minute)
        #expect(resolved.summaries == ["RESOLVED corp-roundtrip: runs recorded again after 5m (was critical: no run recorded for 3 intervals (15m))"])
        #expect(resolved.persisted.first?.firing == false)
        #expect(resolved.wakeUp == Self.t0 + 35 * Self.minute, "counted again from the last run")
    }

    @Test func aRunThatEndsNoDataCountsAsUsual() {
        var engine = F.engine([F.watch(policy: AlertPolicy(forRuns: 1))])
        _ = engine.tick(now: Self.t0 + 15 * Self.minute)
        let actions = engine.record(F.run(.critical), now: Self.t0 + 16 * Self.minute)
        #expect(actions.events == [.resolved, .firing])
        #expect(actions.notices.map(\.alertID) == [1, 2])
    }

    @Test func silencedNoticesAreHeldAndTheAlertNotifiesAsSoonAsTheSilenceEnds() throws {
        var engine = F.engine()
        engine.setSilences([AlertSilence(id: 7, probe: "corp-roundtrip", startsAtMs: Self.t0, endsAtMs: Self.t0 + Self.hour,
                                         comment: "migrating the MX", createdBy: "alice")])
        _ = engine.record(F.run(.critical), now: Self.t0 + Self.minute)
        let firing = engine.record(F.run(.critical), now: Self.t0 + 2 * Self.minute)
        #expect(firing.events == [.firing])
        #expect(firing.holds == [.silenced(id: 7)])
        #expect(firing.persisted.first?.firing == true, "state changes happen while silenced")
        #expect(firing.persisted.first?.heldBy == .silenced(id: 7))
        #expect(firing.persisted.first?.heldUntilMs == Self.t0 + Self.hour)
        // The engine wakes up when the silence ends, not 4 h later at the repeat.
        #expect(firing.wakeUp == Self.t0 + Self.hour)
        #expect(engine.tick(now: Self.t0 + Self.hour - 1).notices.isEmpty)
        let released = engine.tick(now: Self.t0 + Self.hour)
        #expect(released.events == [.repeated])
        #expect(released.holds == [nil])
        #expect(released.summaries == ["CRITICAL corp-roundtrip (office-berlin): \(F.acceptWords) (still firing after silence)"])
        let state = try #require(released.persisted.first)
        #expect(state.heldBy == nil && state.heldUntilMs == nil)
        #expect(released.wakeUp == Self.t0 + Self.hour + 4 * Self.hour, "then the usual repeat")
        #expect(engine.tick(now: Self.t0 + Self.hour + Self.minute).notices.isEmpty, "released once")
    }

    @Test func deletingASilenceReleasesAtTheNextTickAndOverlappingHoldsAreFollowed() {
        var engine = F.engine([F.watch(policy: AlertPolicy(forRuns: 1))])
        let long = AlertSilence(id: 1, probe: "corp-roundtrip", startsAtMs: Self.t0, endsAtMs: Self.t0 + 8 * Self.hour, comment: "")
        let window = MaintenanceWindow(probe: "corp-roundtrip", startMs: Self.t0 + 7 * Self.hour, endMs: Self.t0 + 9 * Self.hour)
        engine.setSilences([long])
        engine.setMaintenance([window])
        let firing = engine.record(F.run(.critical), now: Self.t0 + Self.minute)
        #expect(firing.holds == [.silenced(id: 1)])
        #expect(firing.persisted.first?.heldUntilMs == Self.t0 + 9 * Self.hour, "the window continues the silence")
        // DELETE /api/silences/1: the silence now ends at once, the window is not open yet.
        engine.setSilences([AlertSilence(id: 1, probe: "corp-roundtrip", startsAtMs: Self.t0, endsAtMs: Self.t0 + 10 * Self.minute,
                                         comment: "")])
        let released = engine.tick(now: Self.t0 + 10 * Self.minute)
        #expect(released.events == [.repeated])
        #expect(released.summaries.first?.hasSuffix("(still firing after silence)") == true)
        #expect(released.persisted.first?.heldBy == nil)
    }

    @Test func aMaintenanceWindowEndingReleasesAFiringAlert() {
        var engine = F.engine([F.watch(policy: AlertPolicy(forRuns: 1))])
        engine.setMaintenance([MaintenanceWindow(probe: "corp-roundtrip", startMs: Self.t0, endMs: Self.t0 + 2 * Self.hour)])
        let firing = engine.record(F.run(.critical), now: Self.t0 + Self.minute)
        #expect(firing.holds == [.maintenance])
        #expect(firing.wakeUp == Self.t0 + 2 * Self.hour)
        let released = engine.tick(now: Self.t0 + 2 * Self.hour)
        #expect(released.events == [.repeated])
        #expect(released.summaries.first?.hasSuffix("(still firing after maintenance window)") == true)
    }

    @Test func anAlertThatResolvesWhileSilencedIsNotReleased() {
        var engine = F.engine([F.watch(policy: AlertPolicy(forRuns: 1, resolveAfter: 1))])
        engine.setSilences([AlertSilence(id: 2, probe: "corp-roundtrip", startsAtMs: Self.t0, endsAtMs: Self.t0 + 10 * Self.minute, comment: "")])
        #expect(engine.record(F.run(.critical), now: Self.t0 + 1).holds == [.silenced(id: 2)])
        let resolved = engine.record(F.run(.ok), now: Self.t0 + 2)
        #expect(resolved.events == [.resolved])
        #expect(resolved.persisted.first?.heldBy == nil)
        #expect(engine.tick(now: Self.t0 + 10 * Self.minute).notices.isEmpty)
    }

    @Test func silenceMatchers() {
        let key = AlertKey(probe: "transit", route: "corp->gmail")
        let at = Self.t0 + 1
        func silence(probe: String? = nil, route: String? = nil, location: String? = nil, all: Bool = false) -> AlertSilence {
            AlertSilence(id: 1, probe: probe, route: route, location: location, startsAtMs: Self.t0, endsAtMs: Self.t0 + 10,
                         comment: "", matchesAll: all)
        }
        #expect(silence(probe: "transit").matches(key, location: "berlin", at: at))
        #expect(silence(route: "corp->gmail").matches(key, location: nil, at: at))
        #expect(!silence(route: "corp->other").matches(key, location: nil, at: at))
        #expect(silence(location: "berlin").matches(key, location: "berlin", at: at))
        #expect(!silence(location: "berlin").matches(key, location: "paris", at: at))
        #expect(!silence().matches(key, location: nil, at: at), "all-nil matches nothing unless explicit")
        #expect(silence(all: true).matches(key, location: nil, at: at))
        #expect(!silence(probe: "transit").matches(key, location: nil, at: Self.t0 + 10), "the end is exclusive")
        #expect(!silence(probe: "transit").matches(key, location: nil, at: Self.t0 - 1))
    }

    @Test func maintenanceWindowsRepeatWeekly() {
        let week = MaintenanceWindow.weekMs
        let window = MaintenanceWindow(probe: "corp-roundtrip", startMs: Self.t0, endMs: Self.t0 + 2 * Self.hour, weeklyRepeat: true)
        let expectations: [(Int64, Bool)] = [
            (Self.t0 - 1, false), (Self.t0, true), (Self.t0 + 2 * Self.hour - 1, true), (Self.t0 + 2 * Self.hour, false),
            (Self.t0 + week + Self.hour, true), (Self.t0 + week + 3 * Self.hour, false), (Self.t0 + 52 * week, true),
        ]
        for (at, open) in expectations { #expect(window.isOpen(at: at) == open, "at \(at - Self.t0) ms") }
        var once = window
        once.weeklyRepeat = false
        #expect(!once.isOpen(at: Self.t0 + week + Self.hour))

        var engine = F.engine([F.watch(policy: AlertPolicy(forRuns: 1))])
        engine.setMaintenance([window])
        #expect(engine.record(F.run(.critical), now: Self.t0 + week + Self.minute).holds == [.maintenance])
        #expect(engine.record(F.run(.ok), now: Self.t0 + week + 3 * Self.hour).holds == [])
        #expect(engine.record(F.run(.ok), now: Self.t0 + week + 3 * Self.hour + 1).holds == [nil])
    }

    @Test func inhibitedNoticesAreHeldWhileTheInhibitorFires() {
        let mx = AlertKey(probe: "mx-smtp")
        let policy = AlertPolicy(forRuns: 1, resolveAfter: 1)
        var engine = F.engine([F.watch(mx, policy: policy), F.watch(policy: policy, inhibitedBy: [mx])])
        #expect(engine.record(F.run(.critical, mx), now: Self.t0 + 1).holds == [nil])
        let inhibited = engine.record(F.run(.critical), now: Self.t0 + 2)
        #expect(inhibited.events == [.firing])
        #expect(inhibited.holds == [.inhibited(by: mx)])
        #expect(engine.record(F.run(.ok, mx), now: Self.t0 + 3).events == [.resolved])
        #expect(engine.record(F.run(.ok), now: Self.t0 + 4).holds == [nil], "the inhibitor has resolved")
    }

    @Test func restoreKeepsFiringAlertsWithoutDuplicateNotices() throws {
        var before = F.engine()
        _ = before.record(F.run(.critical), now: Self.t0 + Self.minute)
        _ = before.record(F.run(.critical), now: Self.t0 + 2 * Self.minute)
        let stored = before.allStates

        var after = AlertEngine()
        after.restore(stored)
        #expect(after.nextAlertID == 2)
        let configured = after.configure(watches: [F.watch()], now: Self.t0 + Self.hour)
        #expect(configured == [.wakeUp(atMs: Self.t0 + 2 * Self.minute + 4 * Self.hour)], "the repeat timer continues")
        #expect(after.record(F.run(.critical), now: Self.t0 + Self.hour + 1).notices.isEmpty, "no second firing notice")
        #expect(after.tick(now: Self.t0 + 2 * Self.minute + 4 * Self.hour).notices.map(\.alertID) == [1])
        _ = after.record(F.run(.ok), now: Self.t0 + 5 * Self.hour)
        #expect(after.record(F.run(.ok), now: Self.t0 + 5 * Self.hour + 1).events == [.resolved])
        _ = after.record(F.run(.critical), now: Self.t0 + 6 * Self.hour)
        #expect(after.record(F.run(.critical), now: Self.t0 + 6 * Self.hour + 1).notices.map(\.alertID) == [2])
    }

    @Test func reloadKeepsRemainingStatesAndForgetsRemovedKeys() {
        let other = AlertKey(probe: "other")
        var engine = F.engine([F.watch(), F.watch(other)])
        _ = engine.record(F.run(.critical), now: Self.t0 + 1)
        _ = engine.record(F.run(.critical, other), now: Self.t0 + 2)
        let actions = engine.configure(watches: [F.watch()], now: Self.t0 + 3)
        #expect(actions.contains(.forget(other)))
        #expect(engine.state(for: other) == nil)
        #expect(engine.state(for: F.corp)?.badRuns == 1)
        #expect(engine.record(F.run(.critical, other), now: Self.t0 + 4) == [.wakeUp(atMs: Self.t0 + 1 + 15 * Self.minute)],
                "an unwatched key's runs are ignored")
    }

    @Test func statesRoundTripThroughJSONCoding() throws {
        var engine = F.engine()
        _ = engine.record(F.run(.critical, id: 1), now: Self.t0)
        _ = engine.record(F.run(.critical, id: 2), now: Self.t0 + 1)
        let state = try #require(engine.state(for: F.corp))
        #expect(state.cause?.words == F.acceptWords)
        #expect(state.cause?.runID == 2)
        #expect(state.lastRunMs == Self.t0 + 1)
        let json = try JSONEncoder().encode(state)
        #expect(try JSONDecoder().decode(AlertState.self, from: json) == state)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"last_notified_ms\":\(Self.t0 + 1)"))
    }

    @Test func aResolutionDuringASilenceIsHeldToo() {
        var engine = F.engine([F.watch(policy: AlertPolicy(forRuns: 1, resolveAfter: 1))])
        _ = engine.record(F.run(.critical), now: Self.t0)
        engine.setSilences([AlertSilence(id: 3, location: "office-berlin", startsAtMs: Self.t0 + 1, endsAtMs: Self.t0 + Self.hour, comment: "")])
        let resolved = engine.record(F.run(.ok), now: Self.t0 + Self.minute)
        #expect(resolved.events == [.resolved])
        #expect(resolved.holds == [.silenced(id: 3)])
        #expect(engine.state(for: F.corp)?.firing == false)
    }
}
