#if canImport(Glibc)
import Glibc
#endif

/// The demo's temporary directory: its config, the password files, and (without `--data-dir`)
/// the history store, all removed when the demo ends.
///
///     /tmp/mailprobe-demo-Ab12Cd/mailprobe.yaml, corp.pw, partner.pw, state/mailprobe.sqlite
struct DemoWorkspace: Sendable {
    let path: String

    /// Creates a fresh directory (mode 0700) under `$TMPDIR` or `/tmp`.
    static func create() throws -> DemoWorkspace {
        let base = PlainText.environment("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/mailprobe-demo-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else {
            throw DemoError("cannot create a temporary directory in \(base): \(String(cString: strerror(errno)))")
        }
        return DemoWorkspace(path: String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// Writes `text` to `name` in the workspace, readable by the owner only.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let file = path + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw DemoError("cannot write \(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard Self.writeAll(Array(text.utf8), to: fd) else {
            throw DemoError("cannot write \(file): \(String(cString: strerror(errno)))")
        }
        return file
    }

    /// Writes every byte to `fd`, retrying short writes and EINTR; false on an error (`errno` set).
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var rest = bytes[...]
        while !rest.isEmpty {
            let count = rest.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            rest = rest.dropFirst(count)
        }
        return true
    }

    /// Removes the workspace and everything in it.
    func remove() {
        Self.removeTree(path, depth: 0)
    }

    /// Files and directories below `directory`, at most a few levels deep (the store's folder).
    private static func removeTree(_ directory: String, depth: Int) {
        guard depth < 4, let stream = opendir(directory) else { return }
        var children: [(String, Bool)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            children.append((directory + "/" + name, entry.pointee.d_type == UInt8(DT_DIR)))
        }
        closedir(stream)
        for (child, isDirectory) in children {
            if isDirectory { removeTree(child, depth: depth + 1) } else { unlink(child) }
        }
        rmdir(directory)
    }
}
