/// The reply to `grid`: for each channel with an item in the window, its non-empty days with the items by status
/// and the first ones by due time.
public struct GridReply: Codable, Hashable, Sendable {
    /// One channel's row.
    public struct Row: Codable, Hashable, Sendable {
        /// The qualified channel id; `null` for items without a channel.
        @ExplicitNull public var channel: String?
        /// Its non-empty days, in order.
        public var cells: [Cell]

        /// The member names of the protocol.
        enum CodingKeys: String, CodingKey {
            case channel, cells
        }

        /// Creates a row.
        public init(channel: String?, cells: [Cell]) {
            self.channel = channel
            self.cells = cells
        }
    }

    /// One channel's day.
    public struct Cell: Codable, Hashable, Sendable {
        /// The local day (`2027-01-14`).
        public var day: String
        /// Items that day.
        public var total: Int
        /// Items by status (only the statuses present).
        public var counts: [String: Int]
        /// The first items by due time.
        public var first: [Item]

        /// The member names of the protocol.
        enum CodingKeys: String, CodingKey {
            case day, total, counts, first
        }

        /// Creates a cell.
        public init(day: String, total: Int, counts: [String: Int], first: [Item]) {
            self.day = day
            self.total = total
            self.counts = counts
            self.first = first
        }
    }

    /// One item a cell names.
    public struct Item: Codable, Hashable, Sendable {
        /// Its id.
        public var id: String
        /// Its title.
        public var title: String
        /// Its status now.
        public var status: ItemStatus
        /// What it is.
        public var kind: ItemKind
        /// Its due instant (a time skipped by daylight saving: its local time read as UTC).
        public var due: Instant

        /// The member names of the protocol.
        enum CodingKeys: String, CodingKey {
            case id, title, status, kind, due
        }

        /// Creates an item.
        public init(id: String, title: String, status: ItemStatus, kind: ItemKind, due: Instant) {
            self.id = id
            self.title = title
            self.status = status
            self.kind = kind
            self.due = due
        }
    }

    /// When it was counted.
    public var now: Instant
    /// The first instant: the start of today in `zone`.
    public var from: Instant
    /// The end (excluded): the start of the day after the last.
    public var to: Instant
    /// The team's zone, whose days are the columns.
    public var zone: String
    /// Days in the grid.
    public var days: Int
    /// Items each cell names at most.
    public var titles: Int
    /// Items in the window.
    public var items: Int
    /// The rows, by channel id (the row without a channel last).
    public var rows: [Row]

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case now, from, to, zone, days, titles, items, rows
    }

    /// Creates a reply.
    public init(
        now: Instant, from: Instant, to: Instant, zone: String, days: Int, titles: Int, items: Int, rows: [Row]
    ) {
        self.now = now
        self.from = from
        self.to = to
        self.zone = zone
        self.days = days
        self.titles = titles
        self.items = items
        self.rows = rows
    }
}
