import Testing

@testable import EditorialCore

/// Random dependency graphs checked against a brute-force definition of "blocked".
struct BlockingPropertyTests {
    @Test func blockersMatchABruteForceDefinition() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("BlockingPropertyTests seed: \(seed)")
        var rng = SplitMix64(state: seed)
        for round in 0..<40 {
            let n = Int.random(in: 2...14, using: &rng)
            var lines: [String] = []
            var dues: [Int] = []
            var needs: [[Int]] = []
            var state: [String: ItemState] = [:]
            for i in 0..<n {
                // Items may only need earlier ones, so the graph has no cycle.
                let deps = (0..<i).filter { _ in Int.random(in: 0..<4, using: &rng) == 0 }
                let day = Int.random(in: 1...20, using: &rng)
                dues.append(day)
                needs.append(deps)
                let list = deps.map { "c\($0)" }.joined(separator: ", ")
                lines.append(
                    "  - {id: c\(i), type: copy, owner: o\(i), due: 2027-02-\(day < 10 ? "0" : "")\(day)T12:00, needs: [\(list)]}"
                )
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: state["p/c\(i)"] = ItemState(progress: .done)
                case 1: state["p/c\(i)"] = ItemState(progress: .skipped)
                default: break
                }
            }
            let text = """
                plan: p
                kind: communication
                timezone: UTC
                period: {from: 2027-01-01, until: 2027-12-31}
                content:
                \(lines.joined(separator: "\n"))
                """
            let set = Fixtures.planSet(text)
            try #require(!set.hasErrors, "\(Fixtures.lines(set.diagnostics))")
            let nowDay = Int.random(in: 1...21, using: &rng)
            let now = Fixtures.utc("2027-02-\(nowDay < 10 ? "0" : "")\(nowDay)T00:00:00Z")
            let evaluator = StatusEvaluator(agenda: Agenda(planSet: set), state: state, now: now)

            func closed(_ i: Int) -> Bool { state["p/c\(i)"]?.progress == .done }
            for target in 0..<n {
                // Brute force: every prerequisite reachable through open (not done) items that is skipped,
                // overdue, or due after the target.
                var expected: Set<String> = []
                var seen: Set<Int> = []
                var stack = needs[target]
                while let i = stack.popLast() {
                    guard seen.insert(i).inserted, !closed(i) else { continue }
                    let skipped = state["p/c\(i)"]?.progress == .skipped
                    if skipped || dues[i] <= nowDay - 1 || dues[i] > dues[target] { expected.insert("p/c\(i)") }
                    stack += needs[i]
                }
                let item = try #require(evaluator.agenda.item(id: "p/c\(target)"))
                let evaluation = evaluator.evaluate(item)
                let got = Set(evaluation.blockers.map(\.item))
                if state["p/c\(target)"]?.progress != nil {
                    #expect(got.isEmpty, "seed \(seed) round \(round) item \(target)")
                } else {
                    #expect(got == expected, "seed \(seed) round \(round) item \(target)")
                    #expect((evaluation.status == .blocked) == !expected.isEmpty, "seed \(seed) round \(round)")
                }
            }
        }
    }
}
