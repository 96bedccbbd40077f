import Testing

@testable import EditorialCore

/// `radixSort(by:tie:)` orders as a comparison sort by (key, tie) does, over narrow and wide key ranges.
@Suite struct RadixSortTests {
    private struct Entry: Equatable {
        var key: Int64
        var name: Int
    }

    private static func reference(_ a: [Entry]) -> [Entry] {
        a.sorted { $0.key != $1.key ? $0.key < $1.key : $0.name < $1.name }
    }

    @Test func agreesWithAComparisonSort() {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("RadixSortTests.agreesWithAComparisonSort seed \(seed)")
        var rng = SplitMix64(state: seed)
        let ranges: [ClosedRange<Int64>] = [
            0...0, 5...7, 1_798_761_600...1_830_297_600, -86_400...86_400, Int64.min...Int64.max,
            (Int64.max - 3)...Int64.max, Int64.min...(Int64.min + 70_000),
        ]
        for range in ranges {
            for n in [0, 1, 2, 17, 1000, 70_000] {
                var a = (0..<n).map { Entry(key: Int64.random(in: range, using: &rng), name: $0) }
                a.shuffle(using: &rng)
                let expected = Self.reference(a)
                a.radixSort(by: \.key) { $0.name < $1.name }
                #expect(a == expected, "seed \(seed), range \(range), n \(n)")
            }
        }
    }

    /// Equal keys are ordered by `tie` alone, whatever their order before.
    @Test func equalKeysAreOrderedByTheTie() {
        var a = [Entry(key: 3, name: 9), Entry(key: 1, name: 5), Entry(key: 3, name: 2), Entry(key: 3, name: 4)]
        a.radixSort(by: \.key) { $0.name > $1.name }
        #expect(a.map(\.name) == [5, 9, 4, 2])
    }
}
