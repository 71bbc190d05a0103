import Testing

@Suite struct NotifyPlaceholderTests {
    @Test func builds() { #expect(Bool(true)) }
}
