import Hummingbird
import Probe

/// Query parameters, checked: unknown names and bad values are 400s that name the parameter.
struct APIParameters {
    let values: [String: String]

    init(_ parameters: Parameters) {
        var values: [String: String] = [:]
        for (key, value) in parameters { values[String(key)] = String(value) }
        self.values = values
    }

    subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func allow(_ names: [String]) throws {
        for name in values.keys.sorted() where !names.contains(name) {
            throw APIError.badParameter(name, "unknown parameter; expected \(names.joined(separator: ", "))")
        }
    }

    /// Unix ms or RFC 3339.
    func instant(_ name: String) throws -> Int64? {
        guard let text = self[name] else { return nil }
        guard let value = ConfigTimestamp.parse(text) else {
            throw APIError.badParameter(name, "expected Unix milliseconds or an RFC 3339 time such as 2026-12-03T10:00:00Z, got \"\(text)\"")
        }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.badParameter(name, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    func duration(_ name: String) throws -> Duration? {
        guard let text = self[name] else { return nil }
        guard let value = ConfigDuration.parse(text), value > .zero else {
            throw APIError.badParameter(name, "expected a duration such as 5m or 1h, got \"\(text)\"")
        }
        return value
    }
}
