extension ReportCalendar {
    /// The calendar as the `grid` reply carries it.
    public func grid(now: Int64) -> GridReply {
        let rows = channels.keys.sorted { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }.map { key in
            GridReply.Row(
                channel: key.isEmpty ? nil : key,
                cells: channels[key]!.enumerated().compactMap { i, cell in
                    guard cell.total > 0 else { return nil }
                    var counts: [String: Int] = [:]
                    for status in ItemStatus.allCases where cell.count(status) > 0 {
                        counts[status.rawValue] = cell.count(status)
                    }
                    return GridReply.Cell(
                        day: LocalDateTime(daysSinceEpoch: firstDay + i).date, total: cell.total, counts: counts,
                        first: cell.first.map {
                            GridReply.Item(
                                id: $0.id, title: $0.title, status: $0.status, kind: $0.kind, due: Instant($0.due))
                        })
                })
        }
        return GridReply(
            now: Instant(now), from: Instant(from), to: Instant(to), zone: zone.identifier, days: days,
            titles: titlesPerCell, items: items - outside, rows: rows)
    }

    /// The calendar of a `grid` reply (the same cells as the agenda's pages would fill).
    public init(_ grid: GridReply) {
        let zone = ZoneRules(identifier: grid.zone) ?? ZoneRules(identifier: "UTC")!
        self.init(now: grid.from.seconds, zone: zone, days: grid.days, titlesPerCell: grid.titles)
        for row in grid.rows {
            let key = row.channel ?? ""
            var cells = Array(repeating: ReportCell(keep: grid.titles), count: grid.days)
            for cell in row.cells {
                guard case .success(.local(let day, dateOnly: true)) = TimeText.parse(cell.day) else { continue }
                let index = day.daysSinceEpoch - firstDay
                guard index >= 0, index < grid.days else { continue }
                cells[index] = ReportCell(
                    counts: ItemStatus.allCases.map { cell.counts[$0.rawValue] ?? 0 },
                    first: cell.first.map {
                        ReportCellItem(
                            title: $0.title, status: $0.status, kind: $0.kind, due: $0.due.seconds, id: $0.id)
                    }, total: cell.total, keep: grid.titles)
            }
            setCells(cells, for: key, counted: row.cells.reduce(0) { $0 + $1.total })
        }
    }
}
