import Testing

@Suite struct MonitorCorePlaceholderTests {
    @Test func builds() { #expect(Bool(true)) }
}
