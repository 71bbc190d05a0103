import Glibc

/// A file MailProbe reads secrets or commands from that other users can read, or that others could
/// change: what `ssh` refuses for a private key, MailProbe reports (and still runs: a file a group shares
/// on purpose, such as `root:mailprobe 0640`, passes).
///
///     /etc/mailprobe/corp.pw (accounts.corp.smtp.password) is readable by other users (mode 0644): chmod o-rwx,g-w it
public struct FileAccessWarning: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// The config key that names the file; empty for the config file itself.
    public var keyPath: String
    /// The permission bits (`0o644`).
    public var mode: UInt32

    /// Other users may read it (or list and run it), or users other than the owner may change it.
    static let exposedBits: UInt32 = 0o007 | 0o020

    public init(path: String, keyPath: String, mode: UInt32) {
        self.path = path
        self.keyPath = keyPath
        self.mode = mode
    }

    public var description: String {
        let named = keyPath.isEmpty ? path : "\(path) (\(keyPath))"
        var problems: [String] = []
        if mode & 0o004 != 0 { problems.append("readable by other users") }
        if mode & 0o022 != 0 { problems.append("writable by \(mode & 0o002 != 0 ? "other users" : "its group")") }
        if problems.isEmpty { problems.append("open to other users") }
        let mode = String(mode & 0o7777, radix: 8)
        return "\(named) is \(problems.joined(separator: " and ")) (mode 0\(mode)): chmod o-rwx,g-w it"
    }

    /// The warning for `path`, or nil when only its owner and group can read it and only its owner change it
    /// (or it cannot be read at all: reading it reports that).
    public static func check(_ path: String, keyPath: String) -> FileAccessWarning? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let mode = UInt32(info.st_mode) & 0o7777
        return mode & exposedBits == 0 ? nil : FileAccessWarning(path: path, keyPath: keyPath, mode: mode)
    }
}
