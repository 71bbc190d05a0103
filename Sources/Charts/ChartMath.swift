/// The few functions the scales need that the standard library lacks (no Foundation here).
enum ChartMath {
    /// ln 10.
    static let ln10 = 2.302585092994046

    /// The natural logarithm of a positive finite number (nan otherwise), good to about 1e-15 relative.
    static func ln(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return .nan }
        // x = m * 2^e with m in [1, 2); ln m = 2 atanh((m - 1) / (m + 1)), and that ratio is at most 1/3.
        let exponent = Double(x.exponent)
        let m = x.significand
        let z = (m - 1) / (m + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        var k = 1.0
        while k < 60 {
            sum += term / k
            term *= z2
            k += 2
        }
        return 2 * sum + exponent * 0.6931471805599453
    }

    static func log10(_ x: Double) -> Double {
        ln(x) / ln10
    }

    /// 10^k for an integer k: exact up to 10^22, the correctly rounded reciprocal for small negative k.
    static func pow10(_ k: Int) -> Double {
        if k < 0, k >= -308 { return 1 / pow10(-k) }
        var result = 1.0
        for _ in 0..<min(k.magnitude, 400) {
            result = k >= 0 ? result * 10 : result / 10
        }
        return result
    }

    /// The integer decade of a positive number: the largest k with 10^k <= x.
    static func decade(_ x: Double) -> Int {
        guard x > 0, x.isFinite else { return 0 }
        var k = Int(log10(x).rounded(.down))
        while pow10(k + 1) <= x { k += 1 }
        while pow10(k) > x { k -= 1 }
        return k
    }

    /// Floor division for Int64 (rounds towards minus infinity).
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The non-negative remainder of a / b for b > 0.
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        let r = a % b
        return r < 0 ? r + b : r
    }
}
