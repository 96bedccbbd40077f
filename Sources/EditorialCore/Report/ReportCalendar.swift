/// The report's calendar, filled page by page from the agenda: for each channel and each day of the window (in
/// the team's zone), a `ReportCell`. Its size depends on channels × days, never on the number of items.
public struct ReportCalendar: Sendable {
    /// The zone whose days are the columns.
    public let zone: ZoneRules
    /// The first day (days since the epoch, local): the day of `now`.
    public let firstDay: Int
    /// Days in the window.
    public let days: Int
    /// The window's first instant: the start of the first day.
    public let from: Int64
    /// The window's end (excluded): the start of the day after the last.
    public let to: Int64
    /// Items each cell names.
    public let titlesPerCell: Int
    /// Cells by qualified channel id (`""` for items without a channel), one per day.
    public private(set) var channels: [String: [ReportCell]] = [:]
    /// Items added.
    public private(set) var items = 0
    /// Items added whose day falls outside the window (none when the agenda was asked for the window).
    public private(set) var outside = 0

    /// An empty calendar of `days` days from the day of `now` in `zone`.
    public init(now: Int64, zone: ZoneRules, days: Int = 28, titlesPerCell: Int = 3) {
        precondition(days > 0, "a calendar has days")
        self.zone = zone
        self.days = days
        self.titlesPerCell = titlesPerCell
        let today = zone.day(containing: now)
        firstDay = ReportFormat.localDay(today.start, in: zone)
        from = today.start
        to = zone.day(containing: now, shift: days - 1).end
    }

    /// Adds agenda entries: each is counted in its channel's cell of its local day.
    public mutating func add(_ entries: some Sequence<ItemEntry>) {
        for e in entries {
            add(
                id: e.id, title: e.title, status: e.status, kind: e.kind, channel: e.channel, due: e.due,
                planned: e.planned)
        }
    }

    /// Adds one page of the agenda.
    public mutating func add(_ page: AgendaPage) { add(page.items) }

    /// Adds one page of the agenda as the protocol's JSON (the reply's result), reading only the members a cell
    /// needs: four weeks of a million scheduled posts are 80 pages of a thousand entries, and decoding every member
    /// of every entry was a third of the report's time. Gives the page's `next_cursor` and how many entries did
    /// not read (none from a daemon speaking this protocol).
    public mutating func add(agendaPage json: JSONValue) -> (nextCursor: String?, unreadable: Int) {
        typealias K = ItemEntry.CodingKeys
        let entries = json[AgendaPage.CodingKeys.items.rawValue]?.array
        var unreadable = entries == nil ? 1 : 0
        for e in entries ?? [] {
            guard case .object(let o) = e, let id = o[K.id.rawValue]?.string, let title = o[K.title.rawValue]?.string,
                let status = o[K.status.rawValue]?.string.flatMap(ItemStatus.init(rawValue:)),
                let kind = o[K.kind.rawValue]?.string.flatMap(ItemKind.init(rawValue:)),
                let planned = o[K.planned.rawValue]?.string.flatMap(LocalDateTime.init(text:))
            else {
                unreadable += 1
                continue
            }
            let due = o[K.due.rawValue]?.string.flatMap(Instant.init(text:))
            add(
                id: id, title: title, status: status, kind: kind, channel: o[K.channel.rawValue]?.string, due: due,
                planned: planned)
        }
        return (json[AgendaPage.CodingKeys.nextCursor.rawValue]?.string, unreadable)
    }

    /// Replaces the cells of one channel (from a `grid` reply), counting `counted` items.
    mutating func setCells(_ cells: [ReportCell], for key: String, counted: Int) {
        channels[key] = cells
        items += counted
    }

    /// Counts one entry in its channel's cell of its local day.
    public mutating func add(
        id: String, title: String, status: ItemStatus, kind: ItemKind, channel: String?, due: Instant?,
        planned: LocalDateTime
    ) {
        let shown = due?.seconds ?? planned.secondsSinceEpochAsUTC
        let day = due.map { ReportFormat.localDay($0.seconds, in: zone) } ?? planned.daysSinceEpoch
        let index = day - firstDay
        items += 1
        guard index >= 0, index < days else {
            outside += 1
            return
        }
        let key = channel ?? ""
        if channels[key] == nil {
            channels[key] = Array(repeating: ReportCell(keep: titlesPerCell), count: days)
        }
        channels[key]![index].add(ReportCellItem(title: title, status: status, kind: kind, due: shown, id: id))
    }

    /// Every item of the window by status, over all channels (a cell that names none).
    public func totals() -> ReportCell {
        var all = ReportCell(keep: 0)
        for cells in channels.values {
            for cell in cells { all.merge(cell) }
        }
        return all
    }
}
