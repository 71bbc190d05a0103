import Testing

@Suite struct MailProbeServicePlaceholderTests {
    @Test func builds() { #expect(Bool(true)) }
}
