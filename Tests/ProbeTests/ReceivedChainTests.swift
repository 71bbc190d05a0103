import Foundation
import Probe
import Testing

@Suite("Received chains: delays, skew, submission, JSON")
struct ReceivedChainTests {
    /// A message whose hops are stamped at these offsets (seconds) from 2024-11-25T09:00:00Z, oldest first; nil: no date.
    static func message(_ offsets: [Int64?]) -> String {
        var lines: [String] = []
        for (index, offset) in offsets.enumerated() {
            let date = offset.map { "; " + Self.rfc5322(1_732_525_200 + $0) } ?? ""
            lines.append("Received: from h\(index).example (h\(index).example [192.0.2.\(index + 1)])\r\n\tby h\(index + 1).example with ESMTP id Q\(index)\(date)")
        }
        return lines.reversed().joined(separator: "\r\n") + "\r\nSubject: t\r\n\r\nbody\r\n"
    }

    static func rfc5322(_ unix: Int64) -> String {
        let date = ReceivedDate(unixSeconds: unix, utcOffsetMinutes: 60)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.day) \(months[date.month - 1]) \(date.year) \(two(date.hour)):\(two(date.minute)):\(two(date.second)) +0100 (CET)"
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var offsets: [Int64?]
        var delays: [Int64?]
        var skews: [Int64?]
        var flags: [Set<HopFlag>]
        var transit: Int64?
        var testDescription: String { name }
    }

    static let week: Int64 = 7 * 86_400

    static let cases: [Case] = [
        Case(name: "steady", offsets: [0, 1, 3, 10], delays: [nil, 1, 2, 7], skews: [nil, nil, nil, nil], flags: [[], [], [], []], transit: 10),
        Case(name: "one hop", offsets: [5], delays: [nil], skews: [nil], flags: [[]], transit: nil),
        Case(name: "same second", offsets: [0, 0], delays: [nil, 0], skews: [nil, nil], flags: [[], []], transit: 0),
        Case(name: "negative", offsets: [0, -2, 5], delays: [nil, nil, 7], skews: [nil, -2, nil], flags: [[], [.clockSkew], []], transit: 5),
        Case(name: "exactly a week is plausible", offsets: [0, week], delays: [nil, week], skews: [nil, nil], flags: [[], []], transit: week),
        Case(name: "huge", offsets: [0, week + 1], delays: [nil, nil], skews: [nil, week + 1], flags: [[], [.implausibleDelay]], transit: nil),
        Case(name: "years backwards", offsets: [0, -3 * 365 * 86_400], delays: [nil, nil], skews: [nil, -3 * 365 * 86_400],
             flags: [[], [.clockSkew]], transit: nil),
        Case(name: "missing date in the middle", offsets: [0, nil, 4], delays: [nil, nil, nil], skews: [nil, nil, nil],
             flags: [[], [.missingDate], []], transit: 4),
        Case(name: "all dates missing", offsets: [nil, nil], delays: [nil, nil], skews: [nil, nil], flags: [[.missingDate], [.missingDate]], transit: nil),
    ]

    @Test(arguments: cases)
    func delaysAndFlags(_ testCase: Case) {
        let chain = ReceivedChain(message: Self.message(testCase.offsets))
        #expect(chain.hops.map(\.delaySeconds) == testCase.delays)
        #expect(chain.hops.map(\.skewSeconds) == testCase.skews)
        #expect(chain.hops.map(\.flags) == testCase.flags)
        #expect(chain.transitSeconds == testCase.transit)
        #expect(chain.hasClockSkew == testCase.flags.contains { $0.contains(.clockSkew) || $0.contains(.implausibleDelay) })
        #expect(chain.hops.map(\.by) == testCase.offsets.indices.map { "h\($0 + 1).example" })
    }

    @Test(arguments: [
        (1_732_525_199.2, Int64?.some(1), Int64?.some(4)),  // a second before the first stamp
        (1_732_525_200.9, 0, 3),                            // in the same second: 0, not -0.9
        (1_732_525_202.0, nil, 1),                          // after the first stamp: skew
    ])
    func submittedAtGivesTheFirstHopADelay(submittedAt: Double, firstDelay: Int64?, sinceSubmission: Int64?) {
        let chain = ReceivedChain(message: Self.message([0, 3])).chain(relativeTo: submittedAt)
        #expect(chain.submittedAt == submittedAt)
        #expect(chain.hops[0].delaySeconds == firstDelay)
        #expect(chain.hops[0].flags == (firstDelay == nil ? [.clockSkew] : []))
        #expect(chain.hops[0].skewSeconds == (firstDelay == nil ? -2 : nil))
        #expect(chain.hops[1].delaySeconds == 3)
        #expect(chain.sinceSubmissionSeconds == sinceSubmission)
        #expect(chain.transitSeconds == 3)
        #expect(chain.chain(relativeTo: nil) == ReceivedChain(message: Self.message([0, 3])))
    }

    @Test func nonFiniteSubmissionIsIgnored() {
        for bad in [Double.nan, .infinity, -.infinity, 1e300] {
            let chain = ReceivedChain(message: Self.message([0, 3]), submittedAt: bad)
            #expect(chain.hops[0].delaySeconds == nil && chain.sinceSubmissionSeconds == nil && chain.submittedAt == nil)
        }
    }

    @Test func implausibleLimitIsAnOption() {
        let options = ReceivedParserOptions(implausibleDelaySeconds: 60)
        let chain = ReceivedChain(message: Self.message([0, 60, 121]), options: options)
        #expect(chain.hops.map(\.delaySeconds) == [nil, 60, nil])
        #expect(chain.hops[2].flags == [.implausibleDelay] && chain.hops[2].skewSeconds == 61)
        #expect(chain.transitSeconds == nil)
    }

    @Test func headersComeBackInMessageOrder() {
        let chain = ReceivedChain(message: Self.message([0, 1, 2]))
        #expect(chain.headers.map(\.by) == ["h3.example", "h2.example", "h1.example"])
        #expect(chain == ReceivedChain(headers: chain.headers))
    }

    @Test func hopJSONHasTheStableKeys() throws {
        let chain = ReceivedChain(message: Self.message([0, 2, nil, -1]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let first = String(decoding: try encoder.encode(chain.hops[1]), as: UTF8.self)
        #expect(first == #"{"at":"2024-11-25T09:00:02Z","at_local":"2024-11-25T10:00:02+01:00","at_unix":1732525202,"by":"h2.example","delay_ms":2000,"flags":[],"for":null,"from":"h1.example","from_host":"h1.example","from_ip":"192.0.2.2","id":"Q1","skew_ms":null,"with":"ESMTP"}"#)
        let undated = String(decoding: try encoder.encode(chain.hops[2]), as: UTF8.self)
        #expect(undated.contains(#""at":null"#) && undated.contains(#""delay_ms":null"#) && undated.contains(#""flags":["missing_date"]"#))
        #expect(undated.contains(#""warnings":[{"kind":"missing_date","text":"no ;"}]"#))

        let whole = try JSONSerialization.jsonObject(with: try encoder.encode(chain)) as? [String: Any]
        let hops = try #require(whole?["hops"] as? [[String: Any]])
        #expect(hops.count == 4)
        for hop in hops {
            for key in ["by", "from", "with", "id", "at", "delay_ms"] { #expect(hop.keys.contains(key), "\(key)") }
        }
        #expect(whole?["transit_ms"] as? Int == nil && whole?["clock_skew"] as? Bool == false)
        let skewed = try JSONSerialization.jsonObject(with: try encoder.encode(ReceivedChain(message: Self.message([0, -5])))) as? [String: Any]
        #expect(skewed?["clock_skew"] as? Bool == true)
        #expect((skewed?["hops"] as? [[String: Any]])?[1]["skew_ms"] as? Int == -5000)
    }
}
