import Testing

@testable import EditorialCore

/// `grid` counts the same cells as the report's calendar filled from the agenda's pages, and its reply rebuilds
/// that calendar exactly.
struct ReportGridTests {
    @Test func theGridIsTheCalendarOfTheAgendaPages() throws {
        let scheduler = StatusSnapshotTests.scheduler()
        let responder = ControlResponderTests.responder(scheduler)
        let zone = scheduler.agenda.planSet.teamZone!
        var paged = ReportCalendar(now: StatusSnapshotTests.now, zone: zone, days: 28, titlesPerCell: 2)
        var cursor: String? = nil
        repeat {
            let page = try responder.agenda(
                AgendaCall(from: Instant(paged.from), to: Instant(paged.to), limit: 3, cursor: cursor))
            paged.add(page)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(paged.items > 3)
        let grid = responder.grid(GridCall(days: 28, titles: 2))
        #expect(grid.items == paged.items)
        #expect(grid.from == Instant(paged.from))
        #expect(grid.rows.allSatisfy { row in row.cells.allSatisfy { $0.total > 0 && $0.first.count <= 2 } })
        let rebuilt = ReportCalendar(grid)
        #expect(rebuilt.channels == paged.channels)
        #expect(rebuilt.totals() == paged.totals())
        // The wire form decodes back to the same reply.
        let decoded = try JSONValueDecoder().decode(GridReply.self, from: try JSONValueEncoder().encode(grid))
        #expect(decoded == grid)
    }
}
