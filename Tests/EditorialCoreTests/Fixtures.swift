@testable import EditorialCore

/// Small helpers shared by the core tests.
enum Fixtures {
    /// Reads YAML texts as one plan set, naming them `a.yaml`, `b.yaml`, ….
    static func planSet(_ texts: String...) -> PlanSet {
        PlanSet(
            sources: texts.enumerated().map { i, text in
                PlanSource(path: "\(Character(Unicode.Scalar(97 + i)!)).yaml", text: text)
            })
    }

    /// Epoch seconds of a UTC RFC 3339 text such as `2027-01-05T08:30:00Z`.
    static func utc(_ text: String) -> Int64 {
        guard case .success(.instant(let t)) = TimeText.parse(text) else { preconditionFailure("bad time \(text)") }
        return t
    }

    /// `file:line:column: severity: message` of every diagnostic.
    static func lines(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.description) }
}
