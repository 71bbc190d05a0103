import Foundation
import IMAPCore
import MailCore

/// Reads byte fixtures from `Fixtures/imap/` at the package root.
enum Fixtures {
    static let directory: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.appendingPathComponent("Fixtures/imap")
            }
            url.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

/// Ways of feeding bytes to a fresh parser; each returns every response parsed.
enum Feed {
    /// All at once.
    static func whole(_ bytes: [UInt8], greeting: Bool = false) throws(IMAPParseError) -> [IMAPResponse] {
        var parser = IMAPResponseParser(expectingGreeting: greeting)
        var buffer = InputBuffer(bytes)
        var responses: [IMAPResponse] = []
        while let response = try parser.parse(&buffer) { responses.append(response) }
        return responses + (buffer.isEmpty ? [] : [.malformed(IMAPParseError(kind: .syntax, detail: "left over", bytes: buffer.readableBytesView), raw: [])])
    }

    /// In chunks split at the given offsets.
    static func chunks(_ bytes: [UInt8], splits: [Int], greeting: Bool = false) throws(IMAPParseError) -> [IMAPResponse] {
        var parser = IMAPResponseParser(expectingGreeting: greeting)
        var buffer = InputBuffer()
        var responses: [IMAPResponse] = []
        var start = 0
        for end in splits + [bytes.count] where end >= start {
            buffer.append(contentsOf: bytes[start..<end])
            start = end
            while let response = try parser.parse(&buffer) { responses.append(response) }
        }
        return responses + (buffer.isEmpty ? [] : [.malformed(IMAPParseError(kind: .syntax, detail: "left over", bytes: buffer.readableBytesView), raw: [])])
    }

    static func byteByByte(_ bytes: [UInt8], greeting: Bool = false) throws(IMAPParseError) -> [IMAPResponse] {
        try chunks(bytes, splits: Array(0..<bytes.count), greeting: greeting)
    }
}

extension IMAPResponse {
    /// The greeting as the untagged status it is when not expected.
    var asUntagged: IMAPResponse {
        if case .greeting(let state) = self { return .untagged(.condition(state)) }
        return self
    }

    var isMalformed: Bool {
        if case .malformed = self { return true }
        return false
    }

    var fetch: IMAPFetchResponse? {
        if case .untagged(.fetch(let fetch)) = self { return fetch }
        return nil
    }

    var tagged: IMAPTaggedResponse? {
        if case .tagged(let tagged) = self { return tagged }
        return nil
    }

    var condition: IMAPStatusResponse? {
        switch self {
        case .greeting(let state), .untagged(.condition(let state)): state
        default: nil
        }
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
