import HistoryStore
import Probe
import Testing

/// Interrupted runs' probe message tokens: noted at recovery, forgotten when swept, given up after a few failed sweeps.
@Suite struct LeftoverTokenTests {
    @Test func recoveryNotesEachTokenAndSweepsForgetThem() throws {
        let store = try HistoryStore.inMemory()
        _ = try store.journalStart(probe: "loop", route: nil, kind: .roundTrip, startedAtMs: 1_000, token: "mp-a", location: nil)
        _ = try store.journalStart(probe: "mesh", route: "corp->other", kind: .transit, startedAtMs: 1_000, token: "mp-b", location: nil)
        _ = try store.journalStart(probe: "mesh", route: "other->corp", kind: .transit, startedAtMs: 1_000, token: "mp-c", location: nil)
        _ = try store.journalStart(probe: "login", route: nil, kind: .imap, startedAtMs: 1_000, token: nil, location: nil)
        let recovered = try store.recoverInterrupted(nowMs: 5_000)
        #expect(recovered.map(\.token) == ["mp-a", "mp-b", "mp-c", nil])
        #expect(recovered.allSatisfy { $0.state == .interrupted })
        let loop = try store.leftoverTokens(probe: "loop")
        #expect(loop == [LeftoverToken(token: "mp-a", probe: "loop", route: nil, runID: recovered[0].id, tries: 0)])
        #expect(try store.leftoverTokens(probe: "mesh").map(\.route) == ["corp->other", "other->corp"])
        #expect(try store.leftoverTokens(probe: "login").isEmpty)

        try store.leftoversSwept(["mp-a"])
        #expect(try store.leftoverTokens(probe: "loop").isEmpty)
        #expect(try store.leftoverSweepFailed(["mp-b", "mp-c"], maxTries: 2).isEmpty)
        #expect(try store.leftoverTokens(probe: "mesh").map(\.tries) == [1, 1])
        #expect(try store.leftoverSweepFailed(["mp-b"], maxTries: 2) == ["mp-b"], "given up after the second failure")
        #expect(try store.leftoverTokens(probe: "mesh").map(\.token) == ["mp-c"])
    }
}
