import Foundation
import Testing

@testable import EditorialCore

/// Zone conversion: DST gaps and repeats in both hemispheres, odd offsets, and a cross-check with Foundation.
struct ZoneRulesTests {
    typealias S = RecurrenceTestSupport

    func zone(_ id: String) throws -> ZoneRules { try #require(ZoneRules(identifier: id)) }
    func utc(_ s: String) -> Int64 { S.local(s).secondsSinceEpochAsUTC }
    let shift = DSTPolicy.default
    let skip = DSTPolicy(gap: .skip, repeated: .first)
    let last = DSTPolicy(gap: .shiftForward, repeated: .last)

    @Test func unknownZoneIsNil() {
        #expect(ZoneRules(identifier: "Mars/Olympus_Mons") == nil)
        #expect(ZoneRules(identifier: "UTC")?.offset(atUTC: 0) == 0)
    }

    @Test func romeSpringForwardGap() throws {
        let rome = try zone("Europe/Rome")
        let r = rome.resolve(S.local("20270328T023000"), policy: shift)
        #expect(r == ZoneResolution(utc: utc("20270328T013000"), offset: 7200, kind: .gapShifted(by: 3600)))
        let s = rome.resolve(S.local("20270328T023000"), policy: skip)
        #expect(s == ZoneResolution(utc: nil, offset: 3600, kind: .gapSkipped))
        #expect(rome.resolve(S.local("20270328T013000"), policy: shift).utc == utc("20270328T003000"))
        #expect(rome.resolve(S.local("20270328T030000"), policy: shift).utc == utc("20270328T010000"))
    }

    @Test func romeFallBackRepeat() throws {
        let rome = try zone("Europe/Rome")
        let first = rome.resolve(S.local("20271031T023000"), policy: shift)
        #expect(
            first
                == ZoneResolution(
                    utc: utc("20271031T003000"), offset: 7200, kind: .repeated(other: utc("20271031T013000"))))
        let second = rome.resolve(S.local("20271031T023000"), policy: last)
        #expect(
            second
                == ZoneResolution(
                    utc: utc("20271031T013000"), offset: 3600, kind: .repeated(other: utc("20271031T003000"))))
    }

    @Test func stJohnsHalfHourOffsets() throws {
        // Newfoundland: -03:30 standard, -02:30 summer; changes at 02:00 local on 2027-03-14 and 2027-11-07.
        let z = try zone("America/St_Johns")
        #expect(z.resolve(S.local("20270115T120000"), policy: shift).offset == -12_600)
        let gap = z.resolve(S.local("20270314T023000"), policy: shift)
        #expect(gap == ZoneResolution(utc: utc("20270314T060000"), offset: -9000, kind: .gapShifted(by: 3600)))
        let repeated = z.resolve(S.local("20271107T013000"), policy: last)
        #expect(repeated.utc == utc("20271107T050000"))
        #expect(repeated.kind == .repeated(other: utc("20271107T040000")))
    }

    @Test func sydneySouthernHemisphere() throws {
        // AEDT (+11) ends 2027-04-04 03:00 local; AEST (+10) ends 2027-10-03 02:00 local.
        let z = try zone("Australia/Sydney")
        #expect(z.resolve(S.local("20270115T090000"), policy: shift).offset == 39_600)
        #expect(z.resolve(S.local("20270715T090000"), policy: shift).offset == 36_000)
        let repeated = z.resolve(S.local("20270404T023000"), policy: shift)
        #expect(repeated.utc == utc("20270403T153000"))
        #expect(repeated.kind == .repeated(other: utc("20270403T163000")))
        let gap = z.resolve(S.local("20271003T023000"), policy: shift)
        #expect(gap == ZoneResolution(utc: utc("20271002T163000"), offset: 39_600, kind: .gapShifted(by: 3600)))
    }

    @Test func kathmanduHasNoDST() throws {
        let z = try zone("Asia/Kathmandu")
        for month in 1...12 {
            let r = z.resolve(LocalDateTime(year: 2027, month: month, day: 15, hour: 2, minute: 30), policy: shift)
            #expect(r.kind == .normal)
            #expect(r.offset == 20_700)
        }
    }

    @Test func lordHoweHalfHourDST() throws {
        // +10:30 standard, +11:00 in summer: a 30-minute gap on 2027-10-03 at 02:00 local.
        let z = try zone("Australia/Lord_Howe")
        let gap = z.resolve(S.local("20271003T021500"), policy: shift)
        #expect(gap.kind == .gapShifted(by: 1800))
        #expect(gap.offset == 39_600)
    }

    @Test(arguments: [
        "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe", "Europe/Rome", "Pacific/Apia", "America/Sao_Paulo",
    ])
    func offsetsMatchFoundation(id: String) throws {
        let z = try zone(id)
        let tz = try #require(TimeZone(identifier: id))
        var g = SystemRandomNumberGenerator()
        // 1910 … 2250, past both ends of the precomputed window.
        for _ in 0..<3000 {
            let t = Int64.random(in: -1_893_456_000...8_835_000_000, using: &g)
            #expect(
                z.offset(atUTC: t) == tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))), "\(id) at \(t)")
        }
    }

    @Test(arguments: ["America/St_Johns", "Australia/Lord_Howe", "Europe/Rome", "Australia/Sydney"])
    func resolutionsRoundTripThroughFoundation(id: String) throws {
        let z = try zone(id)
        let tz = try #require(TimeZone(identifier: id))
        for _ in 0..<2000 {
            let l = Int64.random(in: 946_684_800...2_524_608_000)  // 2000 … 2050
            let r = z.resolve(localSeconds: l, policy: shift)
            let instant = try #require(r.utc)
            let offset = tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
            #expect(offset == r.offset)
            switch r.kind {
            case .normal, .repeated: #expect(instant + Int64(offset) == l)
            case .gapShifted(let by): #expect(instant + Int64(offset) == l + Int64(by))
            case .gapSkipped: Issue.record("skip with shift policy")
            }
        }
    }

    @Test func zonedExpansionAcrossRomeTransitions() throws {
        let rome = try zone("Europe/Rome")
        let set = RecurrenceSet(
            start: S.local("20270327T023000"), rules: [try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=3")])
        let shifted = Array(set.occurrences(in: rome, policy: shift, through: S.local("20271231T000000")))
        #expect(
            shifted.map(\.resolution.utc) == [utc("20270327T013000"), utc("20270328T013000"), utc("20270329T003000")])
        #expect(shifted[1].resolution.kind == .gapShifted(by: 3600))
        #expect(shifted[1].local == S.local("20270328T023000"))
        let skipped = Array(set.occurrences(in: rome, policy: skip, through: S.local("20271231T000000")))
        #expect(skipped.count == 3)
        #expect(skipped[1].resolution.utc == nil)
    }

    @Test(arguments: ["Europe/Rome", "America/St_Johns", "Australia/Sydney", "Asia/Kathmandu", "Pacific/Auckland"])
    func cachedSpansAgreeWithFullResolution(id: String) throws {
        let z = try zone(id)
        for policy in [shift, skip, last] {
            let set = RecurrenceSet(
                start: S.local("20260101T000000"),
                rules: [try RecurrenceRule(parsing: "FREQ=HOURLY;INTERVAL=7;BYMINUTE=0,30")])
            for occurrence in set.occurrences(in: z, policy: policy, through: S.local("20281231T000000")) {
                #expect(occurrence.resolution == z.resolve(occurrence.local, policy: policy), "\(occurrence.local)")
            }
        }
    }
}
