// accuracy-bench: SMTP phase timings against injected per-phase delays.
// Usage: accuracy-bench [--probes 200] [--max-ms 50] [--seed 42] [--inprocess]
//        accuracy-bench serve PHASE=MICROSECONDS ...   (internal: the server process)
import Foundation
import MailCore
import MailTestServer
import MailTransport
import SMTPClient
import SMTPCore
#if canImport(Glibc)
import Glibc
#endif

let phases = ["greeting", "ehlo", "mail_from", "rcpt_to", "data", "data_accepted"]

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func plan(_ delays: [String: Int]) -> FaultPlan {
    var plan = FaultPlan()
    for (phase, micros) in delays where micros > 0 { plan.add(.delay(.microseconds(micros)), at: .smtp(phase)) }
    return plan
}

func writeLine(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

// Server process: one server with the given delays; prints the ports line; exits when stdin closes.
if CommandLine.arguments.dropFirst().first == "serve" {
    var delays: [String: Int] = [:]
    for arg in CommandLine.arguments.dropFirst(2) {
        let parts = arg.split(separator: "=")
        if parts.count == 2, let micros = Int(parts[1]) { delays[String(parts[0])] = micros }
    }
    let server = try await TestMailServer.start(.init(smtpPort: 0, imapPort: nil, faults: plan(delays)))
    writeLine(server.ports.jsonLine)
    // Parent closes our stdin to stop us.
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        Thread.detachNewThread { var b: UInt8 = 0; while read(STDIN_FILENO, &b, 1) > 0 {}; c.resume() }
    }
    await server.stop()
    exit(0)
}

var probes = 200, maxMs = 50, seed: UInt64 = 42, inProcess = false
var argIterator = CommandLine.arguments.dropFirst().makeIterator()
while let arg = argIterator.next() {
    switch arg {
    case "--probes": probes = Int(argIterator.next() ?? "") ?? probes
    case "--max-ms": maxMs = Int(argIterator.next() ?? "") ?? maxMs
    case "--seed": seed = UInt64(argIterator.next() ?? "") ?? seed
    case "--inprocess": inProcess = true
    default: FileHandle.standardError.write(Data("unknown argument \(arg)\n".utf8)); exit(2)
    }
}

final class ServerProcess {
    let process = Process()
    let stdinPipe = Pipe(), stdoutPipe = Pipe()
    var smtpPort: UInt16 = 0
    init(delays: [String: Int]) throws {
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        }
        process.arguments = ["serve"] + delays.map { "\($0.key)=\($0.value)" }
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        try process.run()
        var line: [UInt8] = []
        let fd = stdoutPipe.fileHandleForReading.fileDescriptor
        var b: UInt8 = 0
        while read(fd, &b, 1) == 1, b != 10 { line.append(b) }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "\"smtp\":"),
              let port = UInt16(text[range.upperBound...].prefix(while: { $0.isNumber })) else {
            throw NSError(domain: "accuracy-bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "no ports line: \(text)"])
        }
        smtpPort = port
    }
    func stop() {
        try? stdinPipe.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[max(0, min(sorted.count - 1, rank))]
}

let message = Array("From: bob@example.test\r\nTo: alice@example.test\r\nSubject: accuracy probe\r\n\r\nHello.\r\n".utf8)
var rng = SplitMix64(state: seed)
var errors: [String: [Double]] = [:]
var failures = 0
let started = ContinuousClock.now
for probe in 0..<probes {
    var delays: [String: Int] = [:]
    for phase in phases { delays[phase] = Int(rng.next() % UInt64(maxMs * 1000 + 1)) }
    var external: ServerProcess?
    var inproc: TestMailServer?
    let port: UInt16
    if inProcess {
        let server = try await TestMailServer.start(.init(smtpPort: 0, imapPort: nil, faults: plan(delays)))
        inproc = server
        port = server.ports.smtp!
    } else {
        let server = try ServerProcess(delays: delays)
        external = server
        port = server.smtpPort
    }
    let connection = SMTPConnection(configuration: SMTPClientConfiguration(
        host: "127.0.0.1", port: port, security: .plain, usesPipelining: false))
    do {
        try await connection.connect()
        _ = try await connection.send(message, envelope: SMTPEnvelope(sender: "bob@example.test", recipients: ["alice@example.test"]))
        try? await connection.quit()
        for phase in phases {
            guard let timing = connection.timings.first(where: { $0.phase.rawValue == phase }) else { continue }
            errors[phase, default: []].append(timing.milliseconds - Double(delays[phase]!) / 1000)
        }
    } catch {
        failures += 1
        FileHandle.standardError.write(Data("probe \(probe): \(error)\n".utf8))
    }
    connection.close()
    if let inproc { await inproc.stop() }
    external?.stop()
}
let elapsed = started.duration(to: .now)
print("accuracy-bench: \(probes) probes, delays 0–\(maxMs) ms per phase (seed \(seed)), server \(inProcess ? "in-process" : "separate process"), pipelining off, \(failures) failed, \(elapsed)")
print("phase          n   err p50 ms   err p99 ms   err max ms   err min ms")
var allErrors: [Double] = []
for phase in phases {
    let values = (errors[phase] ?? []).sorted()
    allErrors += values
    print(phase.padding(toLength: 13, withPad: " ", startingAt: 0) + String(format: " %4d   %9.3f   %9.3f   %9.3f   %9.3f", values.count,
                 percentile(values, 50), percentile(values, 99), values.last ?? .nan, values.first ?? .nan))
}
allErrors.sort()
print("all          " + String(format: " %4d   %9.3f   %9.3f   %9.3f   %9.3f", allErrors.count,
             percentile(allErrors, 50), percentile(allErrors, 99), allErrors.last ?? .nan, allErrors.first ?? .nan))
