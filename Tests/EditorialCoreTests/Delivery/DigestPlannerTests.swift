import EditorialCore
import Testing

@Suite struct DigestPlannerTests {
    static let rome = ZoneRules(identifier: "Europe/Rome")!

    /// Epoch seconds of a local time in Rome.
    static func rome(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> Int64 {
        rome.resolve(LocalDateTime(year: y, month: m, day: d, hour: h, minute: min), policy: .default).utc!
    }

    @Test func theNextDigestIsTheNextLocalTimeStrictlyAfter() {
        let time = DigestTime(hour: 8, minute: 30)!
        let before = DigestPlanner.next(time, zone: Self.rome, after: Self.rome(2027, 1, 14, 7))
        #expect(before.at == Self.rome(2027, 1, 14, 8, 30))
        #expect(before.day == "2027-01-14")
        let at = DigestPlanner.next(time, zone: Self.rome, after: Self.rome(2027, 1, 14, 8, 30))
        #expect(at.at == Self.rome(2027, 1, 15, 8, 30))
        // Across the spring-forward night the digest keeps its local time (07:30 UTC, then 06:30 UTC).
        let spring = DigestPlanner.next(time, zone: Self.rome, after: Self.rome(2027, 3, 27, 9))
        #expect(spring.day == "2027-03-28")
        #expect(spring.at - Self.rome(2027, 3, 27, 8, 30) == 23 * 3600)
    }

    @Test func aTimeInTheGapMovesForward() {
        // 02:30 does not exist in Rome on 2027-03-28: shifted forward to 03:30 CEST.
        let gap = DigestPlanner.next(
            DigestTime(hour: 2, minute: 30)!, zone: Self.rome, after: Self.rome(2027, 3, 27, 12))
        #expect(gap.day == "2027-03-28")
        #expect(gap.at == Self.rome(2027, 3, 28, 3, 30))
    }

    @Test func aMissedDigestCountsOnlyOnItsOwnLocalDay() {
        let time = DigestTime(hour: 8, minute: 30)!
        #expect(DigestPlanner.missed(time, zone: Self.rome, now: Self.rome(2027, 1, 14, 8)) == nil)
        let missed = DigestPlanner.missed(time, zone: Self.rome, now: Self.rome(2027, 1, 14, 23, 59))
        #expect(missed?.at == Self.rome(2027, 1, 14, 8, 30))
        #expect(missed?.day == "2027-01-14")
        #expect(DigestPlanner.key(person: "anna", day: "2027-01-14") == "digest!anna@2027-01-14")
    }
}
