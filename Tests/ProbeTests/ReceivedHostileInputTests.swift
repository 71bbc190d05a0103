import MailTestKit
import Probe
import Testing

@Suite("Received parsing: hostile and absurd input stays bounded")
struct ReceivedHostileInputTests {
    static let options = ReceivedParserOptions()

    @Test func hugeLineWithoutColonOrNewline() {
        let block = ReceivedHeaderBlock(message: [UInt8](repeating: UInt8(ascii: "A"), count: 4 << 20))
        #expect(block.fields.isEmpty)
        #expect(block.warnings.map(\.kind) == [.notAHeaderLine, .headerBlockTruncated])
    }

    @Test func hugeReceivedFieldIsCut() {
        let message = "Received: from " + String(repeating: "a", count: 1 << 19) + "\r\n\tby mx; 25 Nov 2024 10:00:00 +0000\r\n\r\n"
        let block = ReceivedHeaderBlock(message: message)
        #expect(block.fields.count == 1)
        #expect(block.fields[0].utf8.count <= Self.options.maxFieldBytes)
        #expect(block.warnings.map(\.kind) == [.fieldTruncated])
        let chain = block.chain()
        #expect(chain.hops.count == 1 && chain.hops[0].at == nil)
        #expect(chain.hops[0].flags.contains(.missingDate))
    }

    @Test func longFoldedFieldIsCutToo() {
        let message = "Received: from a\r\n" + String(repeating: " (comment)\r\n", count: 50_000) + "\r\n"
        let block = ReceivedHeaderBlock(message: message)
        #expect(block.fields.count == 1 && block.fields[0].utf8.count <= Self.options.maxFieldBytes)
        #expect(block.warnings.map(\.kind) == [.fieldTruncated])
    }

    @Test func tooManyReceivedFields() {
        let one = "Received: from a by b with SMTP; 25 Nov 2024 10:00:00 +0000\r\n"
        let chain = ReceivedChain(message: String(repeating: one, count: 5000) + "\r\n")
        #expect(chain.hops.count == Self.options.maxReceivedFields)
        #expect(chain.warnings.map(\.kind) == [.tooManyFields])
        #expect(chain.hops.allSatisfy { $0.delaySeconds == ($0.index == 0 ? nil : 0) })
    }

    @Test func tooManyTokens() {
        let header = ReceivedHeader(parsing: "from " + String(repeating: "a ", count: 2000) + "by mx; 25 Nov 2024 10:00:00 +0000")
        #expect(header.warnings.map(\.kind) == [.tooManyTokens])
        #expect(header.by == nil && header.date != nil)
        #expect(header.clause("from")?.words.count == Self.options.maxTokens - 1)
    }

    @Test func deepNesting() {
        let opens = String(repeating: "(", count: 100_000)
        let header = ReceivedHeader(parsing: "from a " + opens + " by b; 25 Nov 2024 10:00:00 +0000")
        #expect(header.from == "a")
        #expect(header.warnings.map(\.kind).contains(.unbalancedComment))
        let balanced = String(repeating: "(", count: 3000) + String(repeating: ")", count: 3000)
        let nested = ReceivedHeader(parsing: "from a " + balanced + " by b; 25 Nov 2024 10:00:00 +0000")
        #expect(nested.by == "b" && nested.date != nil && nested.warnings.isEmpty)
    }

    @Test func manySemicolons() {
        let header = ReceivedHeader(parsing: String(repeating: ";", count: 100_000))
        #expect(header.warnings.map(\.kind).contains(.fieldTruncated))
        #expect(header.clauses.isEmpty)
    }

    @Test func limitsOfZeroDoNotTrap() {
        let options = ReceivedParserOptions(maxHeaderBlockBytes: 0, maxFieldBytes: 0, maxReceivedFields: 0, maxTokens: 0, implausibleDelaySeconds: -1)
        let message = "Received: from a by b; 25 Nov 2024 10:00:00 +0000\r\n\r\n"
        #expect(ReceivedChain(message: message, options: options).hops.isEmpty)
        #expect(ReceivedHeader(parsing: "from a by b; 25 Nov 2024 10:00:00 +0000", options: options).warnings.map(\.kind) == [.fieldTruncated, .empty])
        let small = ReceivedParserOptions(maxTokens: 0, implausibleDelaySeconds: -1)
        let chain = ReceivedChain(message: ReceivedChainTestsMessage.twoHops, options: small)
        #expect(chain.hops.count == 2 && chain.hops[1].flags.contains(.implausibleDelay) && chain.transitSeconds == nil)
    }

    /// Random bytes, random Received-looking fragments: nothing traps, everything stays within the limits.
    @Test(arguments: 0..<8)
    func randomInput(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let fragments = ["Received:", " from", " by", " with", " id", " for", " (", ")", "[", "]", "<", ">", ";", "\r\n", "\r\n\t",
                         " Mon, 25 Nov 2024 10:00:00 +0000", " 99:99", "\"", "\\", " a.example", " 192.0.2.1", "\r\n\r\n", "\u{0}", "é"]
        for _ in 0..<200 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 200) {
                if random.next() % 3 == 0 {
                    bytes.append(UInt8(truncatingIfNeeded: random.next()))
                } else {
                    bytes += Array(fragments[Int(random.next() % UInt64(fragments.count))].utf8)
                }
            }
            let chain = ReceivedChain(message: bytes, submittedAt: 1_732_525_200)
            #expect(chain.hops.count <= Self.options.maxReceivedFields)
            for hop in chain.hops {
                #expect(hop.header.raw.utf8.count <= Self.options.maxFieldBytes * 3)
                #expect(hop.delaySeconds.map { $0 >= 0 && $0 <= Self.options.implausibleDelaySeconds } ?? true)
                #expect(hop.warnings.allSatisfy { $0.text.utf8.count <= 64 })
            }
        }
    }
}

enum ReceivedChainTestsMessage {
    static let twoHops = "Received: by b; 25 Nov 2024 10:00:01 +0000\r\nReceived: by a; 25 Nov 2024 10:00:00 +0000\r\n\r\n"
}
