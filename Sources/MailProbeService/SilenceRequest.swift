import Foundation
import Probe

/// The body of `POST /api/silences`:
///
///     {"probe": "corp-roundtrip", "ends_at": "2026-12-03T18:00:00Z", "comment": "provider maintenance"}
///     {"route": "corp->other", "duration": "2h", "comment": "…", "created_by": "alice"}
struct SilenceRequest: Decodable {
    var probe: String?
    var route: String?
    var location: String?
    var startsAt: String?
    var endsAtText: String?
    var duration: String?
    var comment: String?
    var createdBy: String?

    enum CodingKeys: String, CodingKey {
        case probe, route, location, duration, comment
        case startsAt = "starts_at"
        case endsAtText = "ends_at"
        case createdBy = "created_by"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        probe = try container.decodeIfPresent(String.self, forKey: .probe)
        route = try container.decodeIfPresent(String.self, forKey: .route)
        location = try container.decodeIfPresent(String.self, forKey: .location)
        duration = try container.decodeIfPresent(String.self, forKey: .duration)
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
        createdBy = try container.decodeIfPresent(String.self, forKey: .createdBy)
        startsAt = try Self.instantText(container, .startsAt)
        endsAtText = try Self.instantText(container, .endsAtText)
    }

    /// An instant given as a number (Unix ms) or a string.
    private static func instantText(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> String? {
        if let number = try? container.decodeIfPresent(Int64.self, forKey: key) { return String(number) }
        return try container.decodeIfPresent(String.self, forKey: key)
    }

    /// The longest comment, in characters.
    static let commentLimit = 1_000
    /// The longest matcher (probe, route, location) or `created_by`, in characters.
    static let nameLimit = 256
    /// How far from now a silence may start or end: a hundred years (further is a mistake, not a plan).
    static let reachMs: Int64 = 36_500 * 86_400_000

    static func parse(_ bytes: [UInt8]) throws -> SilenceRequest {
        let request: SilenceRequest
        do {
            request = try JSONDecoder().decode(SilenceRequest.self, from: Data(bytes))
        } catch {
            throw APIError.badParameter("body", "expected a JSON object with probe, route or location, ends_at or duration, and comment")
        }
        guard request.probe != nil || request.route != nil || request.location != nil else {
            throw APIError.badParameter("probe", "name the probe, route or location to silence")
        }
        if let comment = request.comment, comment.count > commentLimit {
            throw APIError.badParameter("comment", "at most \(commentLimit) characters, got \(comment.count)")
        }
        let names = [("probe", request.probe), ("route", request.route), ("location", request.location), ("created_by", request.createdBy)]
        for case let (name, value?) in names where value.count > nameLimit {
            throw APIError.badParameter(name, "at most \(nameLimit) characters, got \(value.count)")
        }
        if let route = request.route, TransitRoute(route) == nil {
            throw APIError.badParameter("route", "expected ACCOUNT->ACCOUNT, got \"\(route)\"")
        }
        return request
    }

    var startsAtMs: Int64? {
        startsAt.flatMap(ConfigTimestamp.parse)
    }

    func endsAt(now: Int64) throws -> Int64 {
        if let startsAt, ConfigTimestamp.parse(startsAt) == nil {
            throw APIError.badParameter("starts_at", "expected Unix milliseconds or an RFC 3339 time, got \"\(startsAt)\"")
        }
        let start = startsAtMs ?? now
        guard abs(start - now) <= Self.reachMs else {
            throw APIError.badParameter("starts_at", "must be within 100 years of now, got \(startsAt ?? "")")
        }
        let end: Int64
        switch (endsAtText, duration) {
        case (let text?, nil):
            guard let value = ConfigTimestamp.parse(text) else {
                throw APIError.badParameter("ends_at", "expected Unix milliseconds or an RFC 3339 time, got \"\(text)\"")
            }
            end = value
        case (nil, let text?):
            guard let value = ConfigDuration.parse(text), value > .zero, value <= ConfigDuration.longest else {
                throw APIError.badParameter("duration", "expected a duration such as 2h, got \"\(text)\"")
            }
            end = start + value.wholeMilliseconds
        case (nil, nil):
            throw APIError.badParameter("ends_at", "give ends_at or duration")
        case (.some, .some):
            throw APIError.badParameter("duration", "give ends_at or duration, not both")
        }
        guard end - now <= Self.reachMs else {
            throw APIError.badParameter(endsAtText == nil ? "duration" : "ends_at", "the silence must end within 100 years of now")
        }
        guard end > start, end > now else { throw APIError.badParameter("ends_at", "the silence must end in the future, after it starts") }
        return end
    }
}
