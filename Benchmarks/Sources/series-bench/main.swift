// series-bench: fills a HistoryStore with per-minute runs of several probes, then times series reads.
// Usage: series-bench --store PATH --template RUN.json [--probes 10] [--days 30] [--interval-s 60]
//                     [--batch 1440] [--end-ms NOW] [--reads 200] [--seed 7]
// The template is one real run record (`mailprobe roundtrip --json`); every stored run is a copy with
// its probe name (series-1 ... series-N), start instant, phase timings (each phase scaled by a seeded
// log-normal factor, `total` the sum) and, for 1 run in 100, a warning status.
import Foundation
import HistoryStore
import Probe
#if canImport(Glibc)
import Glibc
#endif

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

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("series-bench: \(message)\n".utf8))
    exit(2)
}

func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func fileBytes(_ path: String) -> Int {
    ["", "-wal", "-shm"].reduce(0) { sum, suffix in
        sum + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0)
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count - 1)).rounded()))]
}

var storePath: String?, templatePath: String?
var probes = 10, days = 30, intervalS = 60, batch = 1440, reads = 200
var seed: UInt64 = 7
var endMs = Int64(Date().timeIntervalSince1970 * 1000)
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    func value() -> String {
        guard let text = arguments.next() else { fail("\(argument) needs a value") }
        return text
    }
    func number(in range: ClosedRange<Int>) -> Int {
        let text = value()
        guard let n = Int(text), range.contains(n) else { fail("\(argument) \(text): expected \(range.lowerBound)...\(range.upperBound)") }
        return n
    }
    switch argument {
    case "--store": storePath = value()
    case "--template": templatePath = value()
    case "--probes": probes = number(in: 1...1000)
    case "--days": days = number(in: 1...400)
    case "--interval-s": intervalS = number(in: 1...86_400)
    case "--batch": batch = number(in: 1...100_000)
    case "--reads": reads = number(in: 0...10_000)
    case "--end-ms": endMs = Int64(number(in: 0...Int(Int64.max / 2)))
    case "--seed": seed = UInt64(number(in: 0...Int.max))
    default: fail("unknown argument \(argument)")
    }
}
guard let storePath, let templatePath else { fail("--store and --template are required") }
guard let templateData = FileManager.default.contents(atPath: templatePath), templateData.count < 1 << 20 else {
    fail("cannot read the template \(templatePath) (at most 1 MiB)")
}
let template: ProbeRunRecord
do { template = try JSONDecoder().decode(ProbeRunRecord.self, from: templateData) } catch { fail("the template is not a run record: \(error)") }
guard template.phases.contains(where: { $0.name == "total" }) else { fail("the template has no total phase") }

let store: HistoryStore
do { store = try HistoryStore(path: storePath) } catch { fail("\(error)") }

// --- Fill -------------------------------------------------------------------------------
let slots = days * 86_400 / intervalS
let startMs = endMs - Int64(slots) * Int64(intervalS) * 1000
let names = (1...probes).map { "series-\($0)" }

/// Copies of the template with seeded variations.
struct RunFactory {
    var random: SplitMix64
    let template: ProbeRunRecord
    let startMs: Int64
    let intervalMs: Int64

    /// A log-normal factor with median 1 and sigma 0.25 (Box-Muller).
    mutating func factor() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random), u2 = Double.random(in: 0..<1, using: &random)
        return exp(0.25 * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }

    mutating func record(probe: String, slot: Int) -> ProbeRunRecord {
        var run = template
        run.id = nil
        run.probe = probe
        run.startedAtMs = startMs + Int64(slot) * intervalMs + Int64.random(in: 0..<20, using: &random)
        if template.token != nil { run.token = String(format: "%016llx", random.next()) }
        if template.queueID != nil { run.queueID = String(format: "%010llX", random.next() & 0xFF_FFFF_FFFF) }
        var total = 0.0
        run.phases = []
        for phase in template.phases where phase.name != "total" {
            let ms = (phase.ms * factor() * 1000).rounded() / 1000
            total += ms
            run.phases.append(ProbeRunRecord.Phase(name: phase.name, ms: ms))
        }
        total = (total * 1000).rounded() / 1000
        run.phases.append(ProbeRunRecord.Phase(name: "total", ms: total))
        run.durationMs = total
        if Int.random(in: 0..<100, using: &random) == 0 {
            run.status = .warning
            run.reasons = [ProbeReason(.late, .warning, message: "delivery took longer than the late_after threshold")]
        }
        return run
    }
}
var factory = RunFactory(random: SplitMix64(state: seed), template: template, startMs: startMs, intervalMs: Int64(intervalS) * 1000)

let fillWall = ContinuousClock.now, fillCPU = cpuSeconds()
var pending: [ProbeRunRecord] = []
pending.reserveCapacity(batch)
var inserted = 0
do {
    for slot in 0..<slots {
        for name in names {
            pending.append(factory.record(probe: name, slot: slot))
            if pending.count == batch {
                inserted += try store.insert(pending, keepTrace: false).count
                pending.removeAll(keepingCapacity: true)
            }
        }
    }
    if !pending.isEmpty { inserted += try store.insert(pending, keepTrace: false).count }
} catch {
    fail("insert failed after \(inserted) runs: \(error)")
}
let fillSeconds = Double((ContinuousClock.now - fillWall).components.attoseconds) / 1e18 + Double((ContinuousClock.now - fillWall).components.seconds)
let fillCPUSeconds = cpuSeconds() - fillCPU
let bytes = fileBytes(storePath)
print("fill runs=\(inserted) probes=\(probes) days=\(days) batch=\(batch) wall_s=\(String(format: "%.1f", fillSeconds))"
      + " cpu_s=\(String(format: "%.1f", fillCPUSeconds)) runs_per_s=\(Int(Double(inserted) / fillSeconds))"
      + " bytes=\(bytes) bytes_per_run=\(bytes / max(inserted, 1)) start_ms=\(startMs) end_ms=\(endMs)")

// --- In-process series reads (the library alone, no HTTP) ------------------------------------
var times: [Double] = []
var points = 0
do {
    for index in 0..<reads {
        let clock = ContinuousClock.now
        let series = try store.series(probe: names[index % names.count], route: nil, phase: "total", sinceMs: startMs, untilMs: endMs)
        let elapsed = ContinuousClock.now - clock
        times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        points = series.count
    }
} catch {
    fail("series failed: \(error)")
}
times.sort()
if reads > 0 {
    print("series-inprocess reads=\(reads) points=\(points) p50_ms=\(String(format: "%.2f", percentile(times, 50)))"
          + " p95_ms=\(String(format: "%.2f", percentile(times, 95))) max_ms=\(String(format: "%.2f", times.last ?? .nan))")
}
