import Testing

@testable import EditorialCore

struct NominalDurationTests {
    @Test func readsRFC5545Durations() throws {
        #expect(try NominalDuration(parsing: "P1D") == NominalDuration(days: 1))
        #expect(try NominalDuration(parsing: "PT1H") == NominalDuration(seconds: 3600))
        #expect(try NominalDuration(parsing: "PT0S") == .zero)
        #expect(try NominalDuration(parsing: "P2W") == NominalDuration(days: 14))
        #expect(try NominalDuration(parsing: "P1DT2H30M15S") == NominalDuration(days: 1, seconds: 9015))
        #expect(try NominalDuration(parsing: "pt15m") == NominalDuration(seconds: 900))
    }

    @Test func writesCanonicalText() {
        #expect(NominalDuration(days: 1).description == "P1D")
        #expect(NominalDuration(days: 14).description == "P2W")
        #expect(NominalDuration(seconds: 5400).description == "PT1H30M")
        #expect(NominalDuration.zero.description == "PT0S")
        #expect(NominalDuration(days: 2, seconds: 60).description == "P2DT1M")
    }

    @Test func rejectsMonthsAndMalformedText() {
        for (text, offset) in [("P1M", 2), ("1D", 0), ("P", 1), ("PT", 2), ("P1H", 2), ("PT1X", 3), ("P1DT", 4)] {
            #expect(throws: NominalDurationError.self, "\(text)") { try NominalDuration(parsing: text) }
            do {
                _ = try NominalDuration(parsing: text)
            } catch {
                #expect(error.offset == offset, "\(text): \(error.message)")
            }
        }
    }

    @Test func ordersByLength() {
        #expect(NominalDuration(seconds: 3600) < NominalDuration(days: 1))
        #expect(NominalDuration.zero < NominalDuration(seconds: 1))
    }
}
