/// Writes parsed plan files in the compiled-plan format: variable-length integers, and each distinct string once
/// (a later use refers to the first), so a file's path, its channels and its owners cost a byte or two per post.
/// `CompiledPlanReader` reads it back; the cache file around it (version, architecture, checksum) is the runtime's.
public struct CompiledPlanWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    private var strings: [String: Int] = [:]

    /// An empty writer.
    public init() {}

    /// Appends one parsed file.
    public mutating func write(_ file: ParsedFile) {
        count(file.plans.count)
        for plan in file.plans { write(plan) }
        count(file.people.count)
        for person in file.people { write(person) }
        flag(file.hasPeople)
        count(file.diagnostics.count)
        for d in file.diagnostics {
            flag(d.severity == .error)
            string(d.code.rawValue)
            location(d.location)
            string(d.message)
        }
    }

    // MARK: Model

    private mutating func write(_ plan: Plan) {
        string(plan.name)
        string(plan.kind.rawValue)
        optional(plan.title)
        string(plan.zone.identifier)
        time(plan.from)
        time(plan.until)
        durations(plan.reminders)
        string(plan.dstPolicy.gap.rawValue)
        string(plan.dstPolicy.repeated.rawValue)
        optional(plan.channel)
        duration(plan.renewNotice)
        count(plan.channels.count)
        for c in plan.channels {
            string(c.id)
            string(c.network)
            optional(c.presence?.rawValue)
            optional(c.title)
            optional(c.handle)
            flag(c.active)
            location(c.location)
            location(c.networkLocation)
            location(c.presenceLocation)
        }
        count(plan.content.count)
        for item in plan.content {
            string(item.id)
            string(item.type)
            optional(item.title)
            optional(item.owner)
            time(item.due)
            references(item.needs)
            optional(item.reminders)
            references(item.channels)
            optional(item.campaign)
            optional(item.progress?.rawValue)
            location(item.location)
        }
        write(plan.posts)
        count(plan.slots.count)
        for slot in plan.slots { write(slot) }
        count(plan.campaigns.count)
        for c in plan.campaigns {
            string(c.id)
            optional(c.title)
            optionalTime(c.from)
            optionalTime(c.until)
            location(c.location)
        }
        location(plan.location)
        location(plan.periodLocation)
    }

    /// The posts as `PostList` keeps them: the names and whole posts, then a column of ids and one of titles
    /// (neither interned: they rarely repeat), then each row's time, positions and tag in 28 fixed bytes, read
    /// back in one pass.
    private mutating func write(_ posts: PostList) {
        let c = posts.columns
        count(c.ids.count)
        optional(c.file)
        count(c.names.count)
        for name in c.names {
            string(name.text)
            optional(name.target)
        }
        count(c.whole.count)
        for post in c.whole {
            string(post.id)
            optional(post.channel)
            time(post.at)
            optional(post.title)
            optional(post.owner)
            references(post.needs)
            optional(post.reminders)
            optional(post.campaign)
            optional(post.progress?.rawValue)
            location(post.location)
            location(post.atLocation)
        }
        for id in c.ids { raw(id) }
        for title in c.titles {
            if let title { raw(title, offset: 1) } else { unsigned(0) }
        }
        bytes.reserveCapacity(bytes.count + Self.rowBytes * c.ids.count)
        for i in c.ids.indices {
            let p = c.places[i]
            fixed(UInt64(bitPattern: c.times[i]), 8)
            fixed(UInt64(p.line), 4)
            fixed(UInt64(p.channelLine), 4)
            fixed(UInt64(p.column), 2)
            fixed(UInt64(p.atLineOffset), 2)
            fixed(UInt64(p.atColumn), 2)
            fixed(UInt64(p.channelColumn), 2)
            fixed(UInt64(UInt32(bitPattern: c.tags[i])), 4)
        }
    }

    /// The fixed bytes of a post's row: time 8, line 4, channel line 4, four columns of 2, tag 4.
    static let rowBytes = 28

    private mutating func write(_ slot: Slot) {
        string(slot.id)
        time(slot.recurrence.start)
        count(slot.recurrence.rules.count)
        // The canonical RRULE text round-trips through `RecurrenceRule(parsing:)`.
        for rule in slot.recurrence.rules { string(rule.description) }
        times(slot.recurrence.dates)
        times(slot.recurrence.exceptions)
        string(slot.ruleText)
        optional(slot.title)
        optional(slot.owner)
        references(slot.needs)
        if let prepare = slot.prepare {
            flag(true)
            string(prepare.type)
            duration(prepare.lead)
            optional(prepare.owner)
            optional(prepare.title)
            location(prepare.location)
        } else {
            flag(false)
        }
        optional(slot.reminders)
        time(slot.start)
        time(slot.end)
        count(slot.exceptDays.count)
        for day in slot.exceptDays.sorted() { integer(day) }
        optional(slot.campaign)
        location(slot.location)
        location(slot.ruleLocation)
    }

    private mutating func write(_ person: Person) {
        string(person.id)
        optional(person.name)
        optional(person.email)
        optional(person.chat)
        optional(person.zone?.identifier)
        count(person.routes.count)
        for route in person.routes { string(route) }
        if let digest = person.digest {
            flag(true)
            integer(digest.hour)
            integer(digest.minute)
        } else {
            flag(false)
        }
        location(person.location)
    }

    // MARK: Values

    private mutating func references(_ refs: [Reference]) {
        count(refs.count)
        for r in refs { reference(r) }
    }

    private mutating func reference(_ r: Reference) {
        string(r.text)
        location(r.location)
        optional(r.target)
    }

    private mutating func optional(_ r: Reference?) {
        flag(r != nil)
        if let r { reference(r) }
    }

    private mutating func optional(_ durations: [NominalDuration]?) {
        flag(durations != nil)
        if let durations { self.durations(durations) }
    }

    private mutating func durations(_ list: [NominalDuration]) {
        count(list.count)
        for d in list { duration(d) }
    }

    private mutating func duration(_ d: NominalDuration) {
        integer(d.days)
        integer(d.seconds)
    }

    private mutating func times(_ list: [LocalDateTime]) {
        count(list.count)
        for t in list { time(t) }
    }

    private mutating func optionalTime(_ t: LocalDateTime?) {
        flag(t != nil)
        if let t { time(t) }
    }

    private mutating func time(_ t: LocalDateTime) {
        integer(t.year)
        integer(t.month)
        integer(t.day)
        integer(t.hour)
        integer(t.minute)
        integer(t.second)
    }

    private mutating func location(_ l: SourceLocation) {
        string(l.file)
        integer(l.line)
        integer(l.column)
    }

    // MARK: Encoding

    /// 0 for nil, else one more than `string`'s tag.
    private mutating func optional(_ s: String?) {
        guard let s else { return unsigned(0) }
        tagged(s, offset: 1)
    }

    /// A tag, then: 0 = a new string (length, UTF-8 bytes), n > 0 = the (n - 1)th string written.
    private mutating func string(_ s: String) { tagged(s, offset: 0) }

    private mutating func tagged(_ s: String, offset: UInt64) {
        if let index = strings[s] { return unsigned(UInt64(index) + 1 + offset) }
        strings[s] = strings.count
        unsigned(offset)
        var s = s
        s.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A string not interned: its length plus `offset`, then its UTF-8 bytes.
    private mutating func raw(_ s: String, offset: UInt64 = 0) {
        var s = s
        s.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count) + offset)
            bytes.append(contentsOf: utf8)
        }
    }

    /// The low `width` bytes of `n`, little-endian.
    private mutating func fixed(_ n: UInt64, _ width: Int) {
        for k in 0..<width { bytes.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(k)))) }
    }

    private mutating func flag(_ b: Bool) { bytes.append(b ? 1 : 0) }

    private mutating func count(_ n: Int) { unsigned(UInt64(n)) }

    /// Zigzag, then LEB128.
    private mutating func integer(_ n: Int) {
        let v = Int64(n)
        unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    /// LEB128.
    private mutating func unsigned(_ n: UInt64) {
        var n = n
        while n >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: n) | 0x80)
            n >>= 7
        }
        bytes.append(UInt8(n))
    }
}
