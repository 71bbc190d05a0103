/// Parsing of the textual fault options `mailprobe test-server` takes.
///
///     --delay rcpt_to=250ms  --reply mail_from=451:4.3.0 try later  --reply select=NO:no way
///     --drop imap.fetch      --drip ehlo  --garbage data_accepted     --delay smtp.auth=2s
extension FaultPlan {
    /// Why an option did not parse; the text names the option and the value.
    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `250ms`, `1.5s`, `2s`, `0` → a duration; nil otherwise.
    public static func parseDuration(_ text: String) -> Duration? {
        let lower = text.lowercased()
        let (number, scale): (Substring, Double) =
            lower.hasSuffix("ms") ? (lower.dropLast(2), 1e-3) : lower.hasSuffix("s") ? (lower.dropLast(1), 1) : (lower[...], 1)
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        if lower != "0" && !lower.hasSuffix("s") { return nil }
        return .nanoseconds(Int64((value * scale * 1e9).rounded()))
    }

    /// A phase name, with the rule of ``FaultPhase/init(parsing:)``.
    public static func parsePhase(_ text: String, option: String) throws(ParseError) -> FaultPhase {
        guard let phase = FaultPhase(parsing: text) else {
            let lower = text.lowercased()
            if FaultPhase.sharedNames.contains(lower) {
                throw ParseError(description: "\(option) \(text): both SMTP and IMAP have a phase named \(lower); write smtp.\(lower) or imap.\(lower)")
            }
            throw ParseError(description: "\(option) \(text): unknown phase; SMTP: \(FaultPhase.smtpNames.sorted().joined(separator: " ")); "
                + "IMAP: \(FaultPhase.imapNames.sorted().joined(separator: " ")); or delivery. The names both have "
                + "(\(FaultPhase.sharedNames.sorted().joined(separator: ", "))) take a smtp. or imap. prefix")
        }
        return phase
    }

    /// Adds `--delay PHASE=DURATION`.
    public mutating func addDelay(_ text: String) throws(ParseError) {
        let (name, value) = try Self.split(text, option: "--delay")
        guard let duration = Self.parseDuration(value) else {
            throw ParseError(description: "--delay \(text): durations look like 250ms or 1.5s")
        }
        add(.delay(duration), at: try Self.parsePhase(name, option: "--delay"))
    }

    /// Adds `--reply PHASE=CODE[:TEXT]`: a 3-digit SMTP code for SMTP phases, NO / BAD / BYE for IMAP ones.
    public mutating func addReply(_ text: String) throws(ParseError) {
        let (name, value) = try Self.split(text, option: "--reply")
        let phase = try Self.parsePhase(name, option: "--reply")
        let colon = value.firstIndex(of: ":")
        let code = String(value[..<(colon ?? value.endIndex)]).uppercased()
        let message = colon.map { String(value[value.index(after: $0)...]) }
        switch phase.service {
        case .smtp:
            guard code.count == 3, let number = Int(code), (200...599).contains(number) else {
                throw ParseError(description: "--reply \(text): SMTP phases take a code such as 451 or 550")
            }
        case .imap:
            guard ["NO", "BAD", "BYE"].contains(code) else {
                throw ParseError(description: "--reply \(text): IMAP phases take NO, BAD or BYE")
            }
        case .delivery:
            throw ParseError(description: "--reply \(text): delivery has no reply; use --delay, --drop, --junk or --corrupt")
        }
        add(.reply(code: code, text: message), at: phase)
    }

    /// Adds `--drop PHASE`, `--drip PHASE` or `--garbage PHASE`.
    public mutating func add(_ action: FaultAction, parsing name: String, option: String) throws(ParseError) {
        add(action, at: try Self.parsePhase(name, option: option))
    }

    private static func split(_ text: String, option: String) throws(ParseError) -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ParseError(description: "\(option) \(text): expected PHASE=VALUE")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}
