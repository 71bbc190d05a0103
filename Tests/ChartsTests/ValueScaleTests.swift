@testable import Charts
import Testing

/// Value axes: nice 1-2-5 ticks, decades on a log scale, the automatic choice, and labels with units.
@Suite struct ValueScaleTests {
    static func scale(_ values: [Double], _ choice: ScaleChoice = .automatic, unit: String = "ms") -> ValueScale {
        ValueScale(values: values, choice: choice, rangeStart: 200, rangeEnd: 20, unit: unit, maxTicks: 6)
    }

    @Test(arguments: [
        ([120.0, 480], "ms", ["0 ms", "100 ms", "200 ms", "300 ms", "400 ms", "500 ms"]),
        ([0.3, 1.4], "s", ["0 s", "500 ms", "1 s", "1.5 s"]),
        ([30.0, 110], "s", ["0 s", "30 s", "60 s", "90 s", "120 s"]),
        ([200.0, 1_100], "s", ["0 s", "5 min", "10 min", "15 min", "20 min"]),
        ([3.0, 7], "%", ["0 %", "2 %", "4 %", "6 %", "8 %"]),
        ([-3.0, 4], "", ["-4", "-2", "0", "2", "4"]),
        ([0.012, 0.04], "ms", ["0 ms", "0.01 ms", "0.02 ms", "0.03 ms", "0.04 ms"]),
    ])
    func linearTicks(values: [Double], unit: String, labels: [String]) {
        let scale = Self.scale(values, .linear, unit: unit)
        #expect(scale.kind == .linear)
        #expect(scale.ticks.map(scale.label) == labels)
        #expect(scale.lower <= values.min()! && scale.upper >= values.max()!)
    }

    @Test(arguments: [
        (0.07, 0.1), (0.1, 0.1), (0.11, 0.2), (2.2, 5), (7, 10), (45, 50), (1_000, 1_000), (1e-9, 1e-9),
    ])
    func niceSteps(raw: Double, step: Double) {
        #expect(ValueScale.niceStep(raw) == step)
    }

    @Test func logarithmicTicksAreDecades() {
        let scale = Self.scale([3, 40_000], .logarithmic)
        #expect(scale.kind == .logarithmic)
        #expect(scale.ticks == [1, 10, 100, 1_000, 10_000, 100_000])
        #expect(scale.ticks.map(scale.label) == ["1 ms", "10 ms", "100 ms", "1 s", "10 s", "100 s"])
        #expect(scale.y(1) == 200)
        #expect(scale.y(100_000) == 20)
        #expect(abs(scale.y(1_000) - 92) < 1e-9)
        #expect(scale.y(0) == 200 && scale.y(-5) == 200)
    }

    @Test func aFewDecadesGetTwoAndFiveTicks() {
        let scale = Self.scale([20, 700], .logarithmic)
        #expect(scale.ticks == [10, 20, 50, 100, 200, 500, 1_000])
    }

    @Test(arguments: [
        ([5.0, 800], ScaleChoice.automatic, ValueScale.Kind.logarithmic), ([5.0, 400], .automatic, .linear),
        ([0.0, 800], .automatic, .linear), ([-1.0, 800], .automatic, .linear), ([], .automatic, .linear),
        ([5.0, 400], .logarithmic, .logarithmic), ([5.0, 800], .linear, .linear), ([0.0, -3], .logarithmic, .linear),
    ])
    func scaleChoice(values: [Double], choice: ScaleChoice, kind: ValueScale.Kind) {
        #expect(ValueScale.kind(for: values, choice: choice) == kind)
        #expect(Self.scale(values, choice).kind == kind)
    }

    @Test(arguments: [
        (250.0, "ms", "250 ms"), (1_500, "ms", "1.5 s"), (120_000, "ms", "2 min"), (90_000, "ms", "90 s"),
        (1.5, "s", "1.5 s"), (0.25, "s", "250 ms"), (120, "s", "2 min"), (9_000, "s", "2.5 h"), (0, "s", "0 s"),
        (12.5, "%", "12.5 %"), (3, "", "3"), (.nan, "ms", "0 ms"),
    ])
    func unitLabels(value: Double, unit: String, label: String) {
        #expect(ValueScale.label(value, unit: unit) == label)
    }

    @Test func degenerateDomainsStayFinite() {
        for values in [[], [0], [5, 5], [-2, -2], [.nan, .infinity], [1e300, -1e300], [.greatestFiniteMagnitude]] {
            for choice in [ScaleChoice.linear, .logarithmic, .automatic] {
                let scale = Self.scale(values, choice)
                #expect(scale.upper > scale.lower, "\(values) \(choice)")
                #expect(scale.ticks.count >= 2 && scale.ticks.count <= 22, "\(values) \(choice)")
                #expect(scale.ticks.allSatisfy { scale.y($0).isFinite })
                #expect(values.allSatisfy { scale.y($0).isFinite })
            }
        }
    }
}
