import Foundation
import Testing

@testable import EditorialCore

/// `ZoneRules.transitions(from:to:)` and `observance(atUTC:)`.
struct ZoneTransitionTests {
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int64 {
        LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute).secondsSinceEpochAsUTC
    }

    @Test func romeChangesTwiceAYear() throws {
        let rome = try #require(ZoneRules(identifier: "Europe/Rome"))
        let changes = rome.transitions(from: Self.utc(2026, 1, 1), to: Self.utc(2027, 1, 1))
        #expect(changes.map(\.utc) == [Self.utc(2026, 3, 29, 1), Self.utc(2026, 10, 25, 1)])
        #expect(changes.map(\.offsetBefore) == [3600, 7200])
        #expect(changes.map(\.offsetAfter) == [7200, 3600])
        #expect(changes.map(\.isDaylightSaving) == [true, false])
        #expect(
            changes.map(\.localOnset) == [
                LocalDateTime(year: 2026, month: 3, day: 29, hour: 2),
                LocalDateTime(year: 2026, month: 10, day: 25, hour: 3),
            ])
        let winter = rome.observance(atUTC: Self.utc(2026, 1, 1))
        #expect(winter.offset == 3600)
        #expect(!winter.isDaylightSaving)
        #expect(rome.observance(atUTC: Self.utc(2026, 7, 1)).isDaylightSaving)
    }

    @Test func spanIsOpenBelowAndClosedAbove() throws {
        let rome = try #require(ZoneRules(identifier: "Europe/Rome"))
        let change = Self.utc(2026, 3, 29, 1)
        #expect(rome.transitions(from: change, to: change + 3600).isEmpty)
        #expect(rome.transitions(from: change - 1, to: change).map(\.utc) == [change])
        #expect(rome.transitions(from: change - 3600, to: change - 1).isEmpty)
        #expect(rome.transitions(from: change, to: change).isEmpty)
        #expect(rome.transitions(from: change + 10, to: change - 10).isEmpty)
        // The offset in force at a change is the new one.
        #expect(rome.observance(atUTC: change).offset == 7200)
        #expect(rome.observance(atUTC: change - 1).offset == 3600)
    }

    @Test func kathmanduMovedFifteenMinutesIn1986() throws {
        let kathmandu = try #require(ZoneRules(identifier: "Asia/Kathmandu"))
        let changes = kathmandu.transitions(from: Self.utc(1980, 1, 1), to: Self.utc(2030, 1, 1))
        #expect(changes.count == 1)
        let change = try #require(changes.first)
        #expect(change.utc == Self.utc(1985, 12, 31, 18, 30))
        #expect((change.offsetBefore, change.offsetAfter) == (19_800, 20_700))
        #expect(!change.isDaylightSaving)
        #expect(change.localOnset == LocalDateTime(year: 1986, month: 1, day: 1))
    }

    @Test func lordHoweHasAHalfHourDST() throws {
        let lordHowe = try #require(ZoneRules(identifier: "Australia/Lord_Howe"))
        let changes = lordHowe.transitions(from: Self.utc(2026, 1, 1), to: Self.utc(2027, 1, 1))
        #expect(changes.map(\.offsetAfter) == [37_800, 39_600])
        #expect(changes.map(\.isDaylightSaving) == [false, true])
        // 02:00 daylight time back to 01:30 in April, 02:00 standard time on to 02:30 in October.
        #expect(changes.map(\.localOnset.hour) == [2, 2])
    }

    @Test func zonesWithoutChanges() throws {
        for id in ["UTC", "Asia/Kolkata"] {
            let zone = try #require(ZoneRules(identifier: id))
            #expect(zone.transitions(from: Self.utc(1990, 1, 1), to: Self.utc(2100, 1, 1)).isEmpty, "\(id)")
            #expect(!zone.observance(atUTC: Self.utc(2026, 6, 1)).isDaylightSaving, "\(id)")
        }
        #expect(ZoneRules(identifier: "Asia/Kolkata")!.observance(atUTC: 0).offset == 19_800)
    }

    /// The table inside 1900...2200 and Foundation outside it give the same changes; each matches Foundation's
    /// offsets on both sides.
    @Test func agreesWithFoundation() throws {
        for id in ["America/New_York", "America/St_Johns", "Europe/Dublin", "Australia/Lord_Howe", "Africa/Casablanca"]
        {
            let zone = try #require(ZoneRules(identifier: id))
            let foundation = try #require(TimeZone(identifier: id))
            let straddling = zone.transitions(from: Self.utc(2198, 1, 1), to: Self.utc(2202, 1, 1))
            let inside = zone.transitions(from: Self.utc(2198, 1, 1), to: Self.utc(2199, 12, 31))
            #expect(Array(straddling.prefix(inside.count)) == inside, "\(id)")
            let modern = zone.transitions(from: Self.utc(2000, 1, 1), to: Self.utc(2030, 1, 1))
            #expect(!modern.isEmpty, "\(id)")
            for t in modern + straddling {
                let before = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t.utc - 1)))
                let after = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t.utc)))
                #expect((before, after) == (t.offsetBefore, t.offsetAfter), "\(id) at \(t.utc)")
                #expect(t.offsetBefore != t.offsetAfter)
            }
        }
    }
}
