import Foundation
import Synchronization

/// A long-running child (`mailprobe serve`, `mailprobe test-server`, Prometheus): stdout lines
/// collected as they come, stderr to a file, signals, and a wait that never blocks the cooperative pool.
final class DaemonProcess: Sendable {
    private let process: Process
    private final class Lines: Sendable {
        let values = Mutex<[String]>([])
    }

    private let lines = Lines()
    let stderrPath: String

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        stderrPath = NSTemporaryDirectory() + "mailprobe-child-\(UUID().uuidString).err"
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        let out = Pipe()
        process.standardOutput = out
        self.process = process
        let reader = out.fileHandleForReading
        let collected = lines
        try process.run()
        Thread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 10) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    collected.values.withLock { $0.append(line) }
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
        }.start()
    }

    var stdoutLines: [String] { lines.values.withLock { $0 } }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// The exit status, or nil if it is still running after `timeout`.
    func wait(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// The first stdout line satisfying `match`, waiting at most `timeout`.
    func line(timeout: Duration = .seconds(30), where match: (String) -> Bool) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = stdoutLines.first(where: match) { return found }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return stdoutLines.first(where: match)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: stderrPath)
    }
}

extension DaemonProcess {
    /// The `mailprobe` binary SwiftPM built beside this test bundle.
    static var mailprobe: String {
        var url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        for _ in 0..<6 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("mailprobe").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "mailprobe"
    }

    /// `mailprobe test-server` with `arguments`, and the ports it printed.
    static func testServer(_ arguments: [String]) async throws -> (DaemonProcess, smtp: Int, imap: Int) {
        let server = try DaemonProcess(mailprobe, ["test-server"] + arguments)
        guard let line = await server.line(where: { $0.hasPrefix("{\"smtp\"") }),
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int],
              let smtp = object["smtp"], let imap = object["imap"] else {
            throw ChildError(message: "the test server printed no ports; stderr: \(server.stderr)")
        }
        return (server, smtp, imap)
    }

    struct ChildError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
