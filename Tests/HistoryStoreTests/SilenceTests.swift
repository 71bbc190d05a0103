import HistoryStore
import MonitorCore
import Testing

@Suite struct SilenceTests {
    @Test func silencesAreListedWhenActiveAndCanBeEndedEarly() throws {
        let store = try HistoryStore.inMemory()
        let maintenance = try store.insertSilence(probe: "corp", route: nil, location: nil, startsAtMs: 1_000, endsAtMs: 5_000,
                                                  comment: "mail server upgrade", createdBy: "ops")
        let later = try store.insertSilence(probe: nil, route: "a->b", location: "berlin", startsAtMs: 4_000, endsAtMs: 9_000,
                                            comment: "", createdBy: nil)

        #expect(maintenance.id != nil)
        #expect(try store.silences(activeAtMs: nil) == [maintenance, later])
        #expect(try store.silences(activeAtMs: 999).isEmpty)
        #expect(try store.silences(activeAtMs: 1_000) == [maintenance])
        #expect(try store.silences(activeAtMs: 4_500) == [maintenance, later])
        #expect(try store.silences(activeAtMs: 5_000) == [later])

        #expect(try store.endSilence(id: try #require(later.id), atMs: 4_200))
        #expect(try store.silences(activeAtMs: 4_500) == [maintenance])
        #expect(try store.silences(activeAtMs: nil).last?.endsAtMs == 4_200)
        #expect(try store.endSilence(id: 999, atMs: 4_200) == false)
    }

    @Test func endingLaterThanTheEndKeepsTheEnd() throws {
        let store = try HistoryStore.inMemory()
        let silence = try store.insertSilence(probe: "corp", route: nil, location: nil, startsAtMs: 0, endsAtMs: 100, comment: "", createdBy: nil)
        #expect(try store.endSilence(id: try #require(silence.id), atMs: 500))
        #expect(try store.silences(activeAtMs: nil).first?.endsAtMs == 100)
    }

    @Test func aSilenceMustEndAfterItStarts() throws {
        let store = try HistoryStore.inMemory()
        let error = try #require(throws: HistoryStoreError.self) {
            try store.insertSilence(probe: nil, route: nil, location: nil, startsAtMs: 10, endsAtMs: 10, comment: "", createdBy: nil)
        }
        #expect(error.code == .invalidArgument)
    }

    @Test(arguments: [
        (AlertKey(probe: "corp"), "berlin", Int64(2_000), true),
        (AlertKey(probe: "corp", route: "a->b"), nil, Int64(2_000), true),
        (AlertKey(probe: "mesh"), "berlin", Int64(2_000), false),
        (AlertKey(probe: "corp"), "berlin", Int64(5_000), false),
    ])
    func matchersOfNilMatchAnything(key: AlertKey, location: String?, atMs: Int64, silenced: Bool) {
        let silence = StoredSilence(probe: "corp", route: nil, location: nil, startsAtMs: 1_000, endsAtMs: 5_000, comment: "", createdBy: nil)
        #expect(silence.silences(key, location: location, atMs: atMs) == silenced)
    }
}
