import MailTransport
import Testing

/// A transcript is bounded: a flooding server cannot make it grow without end.
@Suite struct TraceEntryTests {
    @Test func traceStopsAtItsLimitWithANote() {
        var trace: [TraceEntry] = []
        for index in 0..<(TraceEntry.limit + 1000) {
            TraceEntry.add(TraceEntry(offset: .milliseconds(index), direction: .received, text: "* \(index) EXISTS"), to: &trace)
        }
        #expect(trace.count == TraceEntry.limit)
        #expect(trace.last?.direction == .note)
        #expect(trace.last?.text == "trace cut: more than \(TraceEntry.limit) lines")
        #expect(trace[TraceEntry.limit - 2].text == "* \(TraceEntry.limit - 2) EXISTS")
    }

    @Test func entriesStayInTimeOrder() {
        var trace: [TraceEntry] = []
        TraceEntry.add(TraceEntry(offset: .milliseconds(5), direction: .received, text: "reply"), to: &trace)
        TraceEntry.add(TraceEntry(offset: .milliseconds(2), direction: .sent, text: "command"), to: &trace)
        #expect(trace.map(\.text) == ["command", "reply"])
    }
}
