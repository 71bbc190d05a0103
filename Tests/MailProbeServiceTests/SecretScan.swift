import Foundation

/// Looks for test secrets where they must never be: process output, API answers, and the
/// store's files (`mailprobe.sqlite` and its `-wal`), byte for byte.
enum SecretScan {
    /// `"SECRET in WHERE"` for every secret found in one of `texts` (keyed by where it came from).
    static func leaks(of secrets: [String], in texts: [String: String]) -> [String] {
        texts.sorted { $0.key < $1.key }.flatMap { place, text in
            secrets.filter { !$0.isEmpty && text.contains($0) }.map { "\($0) in \(place)" }
        }
    }

    /// The same for the bytes of the files at `paths`, and which of them existed and were read.
    static func fileLeaks(of secrets: [String], in paths: [String]) -> (leaks: [String], read: [String]) {
        var leaks: [String] = [], read: [String] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            read.append(path)
            for secret in secrets where !secret.isEmpty && data.range(of: Data(secret.utf8)) != nil {
                leaks.append("\(secret) in \(path)")
            }
        }
        return (leaks, read)
    }

    /// The store's files in `directory`: the database, its write-ahead log and shared-memory index.
    static func storeFiles(_ directory: String) -> [String] {
        ["mailprobe.sqlite", "mailprobe.sqlite-wal", "mailprobe.sqlite-shm"].map { directory + "/" + $0 }
    }

    /// What AUTH PLAIN and AUTH LOGIN would put on the wire for `user` and `password`: also secret.
    static func encodedCredentials(user: String, password: String) -> [String] {
        [Data("\0\(user)\0\(password)".utf8).base64EncodedString(), Data(password.utf8).base64EncodedString()]
    }
}
