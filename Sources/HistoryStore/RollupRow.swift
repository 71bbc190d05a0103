import Foundation
import GRDB

/// A row of `rollup`: one bucket of one phase of one probe and route.
struct RollupRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "rollup"

    var id: Int64?
    var probe: String
    var route: String
    var phase: String
    var resolutionMs: Int64
    var bucketStartMs: Int64
    var count: Int64
    var okCount: Int64
    var warningCount: Int64
    var criticalCount: Int64
    var unknownCount: Int64
    var minMs: Double
    var maxMs: Double
    var sumMs: Double
    var histogram: Data

    enum CodingKeys: String, CodingKey {
        case id, probe, route, phase, count, histogram
        case resolutionMs = "resolution_ms"
        case bucketStartMs = "bucket_start_ms"
        case okCount = "ok_count"
        case warningCount = "warning_count"
        case criticalCount = "critical_count"
        case unknownCount = "unknown_count"
        case minMs = "min_ms"
        case maxMs = "max_ms"
        case sumMs = "sum_ms"
    }

    enum Columns {
        static let probe = Column(CodingKeys.probe)
        static let route = Column(CodingKeys.route)
        static let phase = Column(CodingKeys.phase)
        static let resolutionMs = Column(CodingKeys.resolutionMs)
        static let bucketStartMs = Column(CodingKeys.bucketStartMs)
    }

    init(id: Int64?, key: RollupKey, cell: RollupCell) {
        self.id = id
        probe = key.probe
        route = key.route
        phase = key.phase
        resolutionMs = key.resolutionMs
        bucketStartMs = key.bucketStartMs
        count = cell.count
        okCount = cell.okCount
        warningCount = cell.warningCount
        criticalCount = cell.criticalCount
        unknownCount = cell.unknownCount
        minMs = cell.minMs
        maxMs = cell.maxMs
        sumMs = cell.sumMs
        histogram = cell.histogram.blob
    }

    /// The bucket's contents in memory; a histogram blob that does not decode throws.
    func cell() throws(LatencyHistogram.BlobError) -> RollupCell {
        RollupCell(count: count, okCount: okCount, warningCount: warningCount, criticalCount: criticalCount,
                   unknownCount: unknownCount, minMs: minMs, maxMs: maxMs, sumMs: sumMs,
                   histogram: try LatencyHistogram(blob: histogram))
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
