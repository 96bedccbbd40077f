import Testing

@testable import EditorialCore

/// A file with thousands of mistakes: its first 1,000 problems are listed with their positions, then one
/// `too-many-problems` diagnostic says how many more, for reading problems and for references alike.
struct DiagnosticBudgetTests {
    static func plan(posts: Int, post: (Int) -> String) -> String {
        var text = """
            plan: big
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-12-31}
            channels: [{id: blog, network: blog}]
            posts:

            """
        for i in 0..<posts { text += "  - " + post(i) + "\n" }
        return text
    }

    @Test func aFileListsItsFirstThousandReadingProblemsThenHowManyMore() {
        let text = Self.plan(posts: 5_000) { "{id: p\($0), channel: blog, at: not-a-time}" }
        let diagnostics = Fixtures.planSet(text).diagnostics
        #expect(diagnostics.count == 1_001)
        let listed = diagnostics.filter { $0.code != .tooManyProblems }
        #expect(listed.count == 1_000)
        #expect(listed.allSatisfy { $0.code == .invalidTime })
        // The first thousand posts, lines 7 to 1006, each at its `at:` value.
        #expect(listed.map(\.location.line) == Array(7..<1_007))
        let summary = diagnostics.first { $0.code == .tooManyProblems }
        #expect(summary?.severity == .error)
        #expect(summary?.location.line == 1_007)
        #expect(summary?.message == "4000 more problems in this file are not listed (the first 1000 are)")
        #expect(summary?.description.hasPrefix("a.yaml:1007:") == true)
    }

    @Test func referencesAreCountedTheSameWay() {
        let text = Self.plan(posts: 3_000) { "{id: p\($0), channel: blog, at: 2027-03-01T09:00, needs: [ghost\($0)]}" }
        let diagnostics = Fixtures.planSet(text).diagnostics
        #expect(diagnostics.filter { $0.code == .unknownReference }.count == 1_000)
        let summary = diagnostics.filter { $0.code == .tooManyProblems }
        #expect(summary.count == 1)
        #expect(
            summary.first?.message
                == "2000 more problems with ids, references or cycles in this file are not listed (the first 1000 are)")
        #expect(summary.first?.location.line == 1_007)
    }

    @Test func aFileUnderTheLimitListsEverything() {
        let text = Self.plan(posts: 999) { "{id: p\($0), channel: blog, at: nope}" }
        let diagnostics = Fixtures.planSet(text).diagnostics
        #expect(diagnostics.count == 999)
        #expect(!diagnostics.contains { $0.code == .tooManyProblems })
    }

    @Test func warningsBeyondTheLimitGiveAWarning() {
        var budget = DiagnosticBudget(what: "problems")
        let at = SourceLocation(file: "w.yaml", line: 1, column: 1)
        for _ in 0..<1_002 { _ = budget.admit(Diagnostic(.warning, .suspicious, at: at, "odd")) }
        #expect(budget.summaries.map(\.severity) == [.warning])
        #expect(budget.summaries.first?.message.hasPrefix("2 more problems") == true)
        _ = budget.admit(Diagnostic(.error, .invalidValue, at: at, "bad"))
        #expect(budget.summaries.map(\.severity) == [.error])
    }
}
