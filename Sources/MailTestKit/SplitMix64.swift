import MailCore

/// A small deterministic random number generator (SplitMix64) for reproducible randomised tests:
/// the same seed gives the same inputs, so a failure names its seed and can be replayed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    /// Hands `bytes` to `drain` in random pieces of 1...`maxPiece` bytes, the way reads arrive:
    /// `drain` consumes what it can from the buffer, first with nothing in it, then after each
    /// piece. A thrown error ends the feed and is rethrown.
    public mutating func feed(_ bytes: [UInt8], inPiecesUpTo maxPiece: Int,
                              _ drain: (inout InputBuffer) throws -> Void) rethrows {
        var buffer = InputBuffer()
        var offset = 0
        try drain(&buffer)
        while offset < bytes.count {
            let piece = Int.random(in: 1...maxPiece, using: &self)
            buffer.append(contentsOf: bytes[offset..<min(offset + piece, bytes.count)])
            offset += piece
            try drain(&buffer)
        }
    }
}
