import Testing

@Suite struct HistoryStorePlaceholderTests {
    @Test func builds() { #expect(Bool(true)) }
}
