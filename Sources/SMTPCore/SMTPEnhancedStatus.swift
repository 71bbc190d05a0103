/// An enhanced mail system status code: `class.subject.detail`.
///
///     S: 550 5.1.1 <nobody@example.test>: Recipient address rejected
///                ^^^^^ SMTPEnhancedStatus(statusClass: 5, subject: 1, detail: 1)
///
/// RFC 3463 §2 and RFC 2034 §4. The class is 2 (success), 4 (persistent
/// transient failure) or 5 (permanent failure); subject and detail are 0-999.
public struct SMTPEnhancedStatus: Hashable, Sendable {
    /// 2, 4 or 5.
    public var statusClass: Int
    /// 0-999 (for example 1: addressing status, 7: security or policy status).
    public var subject: Int
    /// 0-999.
    public var detail: Int

    public init(statusClass: Int, subject: Int, detail: Int) {
        self.statusClass = statusClass
        self.subject = subject
        self.detail = detail
    }

    /// Parses `"5.1.1"`; `nil` unless the whole string is a valid code.
    public init?(_ string: some StringProtocol) {
        let bytes = Array(string.utf8)
        guard let (status, length) = Self.parse(bytes[...]), length == bytes.count else { return nil }
        self = status
    }
}

// MARK: - Parsing

extension SMTPEnhancedStatus {
    // status-code = class "." subject "." detail
    // class       = "2" / "4" / "5"
    // subject     = 1*3digit
    // detail      = 1*3digit
    /// Parses a status code at the start of `bytes`, returning it and its length in bytes.
    /// The code must be followed by SP or the end of `bytes`.
    static func parse(_ bytes: ArraySlice<UInt8>) -> (SMTPEnhancedStatus, Int)? {
        var index = bytes.startIndex
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < bytes.endIndex, digits < maxDigits, let digit = bytes[index].asciiDigitValue {
                value = value * 10 + digit
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }
        func dot() -> Bool {
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") else { return false }
            index += 1
            return true
        }
        guard let statusClass = number(maxDigits: 1), [2, 4, 5].contains(statusClass),
              dot(), let subject = number(maxDigits: 3),
              dot(), let detail = number(maxDigits: 3)
        else { return nil }
        guard index == bytes.endIndex || bytes[index] == UInt8(ascii: " ") else { return nil }
        return (SMTPEnhancedStatus(statusClass: statusClass, subject: subject, detail: detail), index - bytes.startIndex)
    }
}

extension UInt8 {
    @inlinable
    var asciiDigitValue: Int? {
        self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") ? Int(self - UInt8(ascii: "0")) : nil
    }
}

// MARK: - Encoding

extension SMTPEnhancedStatus: CustomStringConvertible {
    /// `"5.1.1"`.
    public var description: String { "\(statusClass).\(subject).\(detail)" }
}
