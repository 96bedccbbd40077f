/// Reads what `CompiledPlanWriter` wrote. Every read is bounds-checked and every enumerated value checked, so bytes
/// that are cut short or were never written by a writer give a `CompiledPlanError`, never a crash or a wrong plan.
public struct CompiledPlanReader {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    private var strings: [String] = []
    private var zones: [String: ZoneRules] = [:]

    /// A reader of `bytes[range]`.
    public init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        position = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    /// Whether every byte has been read.
    public var atEnd: Bool { position == end }

    /// Reads one parsed file.
    public mutating func read() throws(CompiledPlanError) -> ParsedFile {
        var plans: [Plan] = []
        for _ in 0..<(try count()) { plans.append(try plan()) }
        var people: [Person] = []
        for _ in 0..<(try count()) { people.append(try person()) }
        let hasPeople = try flag()
        var diagnostics: [Diagnostic] = []
        for _ in 0..<(try count()) {
            let severity: Diagnostic.Severity = try flag() ? .error : .warning
            let code = try enumerated(DiagnosticCode.self)
            diagnostics.append(Diagnostic(severity, code, at: try location(), try string()))
        }
        return ParsedFile(plans: plans, people: people, hasPeople: hasPeople, diagnostics: diagnostics)
    }

    // MARK: Model

    private mutating func plan() throws(CompiledPlanError) -> Plan {
        let name = try string()
        let kind = try enumerated(PlanKind.self)
        let title = try optionalString()
        let zone = try zone(try string())
        let from = try time()
        let until = try time()
        let reminders = try durations()
        let dst = DSTPolicy(gap: try enumerated(DSTGapPolicy.self), repeated: try enumerated(DSTRepeatPolicy.self))
        let channel = try optionalReference()
        let renewNotice = try duration()
        var channels: [Channel] = []
        for _ in 0..<(try count()) {
            let id = try string()
            let network = try string()
            let presence = try optionalString().map { (raw) throws(CompiledPlanError) in
                try Self.value(Presence.self, raw)
            }
            let title = try optionalString()
            let handle = try optionalString()
            let active = try flag()
            channels.append(
                Channel(
                    id: id, network: network, presence: presence, title: title, handle: handle, active: active,
                    location: try location(), networkLocation: try location(), presenceLocation: try location()))
        }
        var content: [ContentItem] = []
        let contentCount = try count()
        content.reserveCapacity(contentCount)
        for _ in 0..<contentCount {
            let id = try string()
            let type = try string()
            let title = try optionalString()
            let owner = try optionalString()
            let due = try time()
            let needs = try references()
            let reminders = try optionalDurations()
            let channels = try references()
            let campaign = try optionalReference()
            let progress = try optionalProgress()
            content.append(
                ContentItem(
                    id: id, type: type, title: title, owner: owner, due: due, needs: needs, reminders: reminders,
                    channels: channels, campaign: campaign, progress: progress, location: try location()))
        }
        let posts = try postList()
        var slots: [Slot] = []
        for _ in 0..<(try count()) { slots.append(try slot()) }
        var campaigns: [Campaign] = []
        for _ in 0..<(try count()) {
            campaigns.append(
                Campaign(
                    id: try string(), title: try optionalString(), from: try optionalTime(), until: try optionalTime(),
                    location: try location()))
        }
        return Plan(
            name: name, kind: kind, title: title, zone: zone, from: from, until: until, reminders: reminders,
            dstPolicy: dst, channel: channel, renewNotice: renewNotice, channels: channels, content: content,
            posts: posts, slots: slots, campaigns: campaigns, location: try location(),
            periodLocation: try location())
    }

    /// See `CompiledPlanWriter.write(_: PostList)`.
    private mutating func postList() throws(CompiledPlanError) -> PostList {
        let n = try count()
        let file = try optionalString()
        var names: [PostList.Name] = []
        for _ in 0..<(try count()) { names.append(PostList.Name(text: try string(), target: try optionalString())) }
        var whole: [Post] = []
        for _ in 0..<(try count()) {
            let id = try string()
            let channel = try optionalReference()
            let at = try time()
            let title = try optionalString()
            let owner = try optionalString()
            let needs = try references()
            let reminders = try optionalDurations()
            let campaign = try optionalReference()
            let progress = try optionalProgress()
            whole.append(
                Post(
                    id: id, channel: channel, at: at, title: title, owner: owner, needs: needs, reminders: reminders,
                    campaign: campaign, progress: progress, location: try location(), atLocation: try location()))
        }
        var ids: [String] = []
        ids.reserveCapacity(n)
        for _ in 0..<n { ids.append(try rawString(offset: 0)!) }
        var titles: [String?] = []
        titles.reserveCapacity(n)
        for _ in 0..<n { titles.append(try rawString(offset: 1)) }
        guard n <= (end - position) / CompiledPlanWriter.rowBytes else {
            throw CompiledPlanError("\(n) rows of posts past the end, at byte \(position)")
        }
        var times = [Int64](repeating: 0, count: n)
        var places = [PostList.Places](
            repeating: PostList.Places(
                line: 0, channelLine: 0, column: 0, atLineOffset: 0, atColumn: 0, channelColumn: 0),
            count: n)
        var tags = [Int32](repeating: 0, count: n)
        bytes.withUnsafeBytes { raw in
            var at = position
            func load<T: FixedWidthInteger>(_: T.Type) -> T {
                defer { at += MemoryLayout<T>.size }
                return T(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: T.self))
            }
            for i in 0..<n {
                times[i] = load(Int64.self)
                places[i] = PostList.Places(
                    line: load(UInt32.self), channelLine: load(UInt32.self), column: load(UInt16.self),
                    atLineOffset: load(UInt16.self), atColumn: load(UInt16.self), channelColumn: load(UInt16.self))
                tags[i] = load(Int32.self)
            }
        }
        position += n * CompiledPlanWriter.rowBytes
        let columns = PostList.Columns(
            ids: ids, titles: titles, times: times, places: places, tags: tags, whole: whole, names: names, file: file)
        guard let posts = PostList(columns: columns) else {
            throw CompiledPlanError(
                "posts whose rows do not agree with their names, whole posts or times, before byte \(position)")
        }
        return posts
    }

    private mutating func slot() throws(CompiledPlanError) -> Slot {
        let id = try string()
        let start = try time()
        var rules: [RecurrenceRule] = []
        for _ in 0..<(try count()) {
            let text = try string()
            do {
                rules.append(try RecurrenceRule(parsing: text))
            } catch {
                throw CompiledPlanError("a recurrence rule that does not parse ('\(text)') before byte \(position)")
            }
        }
        let recurrence = RecurrenceSet(start: start, rules: rules, dates: try times(), exceptions: try times())
        let ruleText = try string()
        let title = try optionalString()
        let owner = try optionalString()
        let needs = try references()
        var prepare: Preparation?
        if try flag() {
            prepare = Preparation(
                type: try string(), lead: try duration(), owner: try optionalString(), title: try optionalString(),
                location: try location())
        }
        let reminders = try optionalDurations()
        let slotStart = try time()
        let slotEnd = try time()
        var exceptDays: Set<Int> = []
        for _ in 0..<(try count()) { exceptDays.insert(try integer()) }
        return Slot(
            id: id, recurrence: recurrence, ruleText: ruleText, title: title, owner: owner, needs: needs,
            prepare: prepare, reminders: reminders, start: slotStart, end: slotEnd, exceptDays: exceptDays,
            campaign: try optionalReference(), location: try location(), ruleLocation: try location())
    }

    private mutating func person() throws(CompiledPlanError) -> Person {
        let id = try string()
        let name = try optionalString()
        let email = try optionalString()
        let chat = try optionalString()
        let zone = try optionalString().map { (id) throws(CompiledPlanError) in try self.zone(id) }
        var routes: [String] = []
        for _ in 0..<(try count()) { routes.append(try string()) }
        var digest: DigestTime?
        if try flag() {
            let hour = try integer()
            let minute = try integer()
            guard let d = DigestTime(hour: hour, minute: minute) else {
                throw CompiledPlanError("a digest time \(hour):\(minute) before byte \(position)")
            }
            digest = d
        }
        return Person(
            id: id, name: name, email: email, chat: chat, zone: zone, routes: routes, digest: digest,
            location: try location())
    }

    // MARK: Values

    private mutating func zone(_ identifier: String) throws(CompiledPlanError) -> ZoneRules {
        if let known = zones[identifier] { return known }
        guard let zone = ZoneRules(identifier: identifier) else {
            throw CompiledPlanError("an unknown time zone '\(identifier)' before byte \(position)")
        }
        zones[identifier] = zone
        return zone
    }

    private mutating func references() throws(CompiledPlanError) -> [Reference] {
        let n = try count()
        if n == 0 { return [] }
        var refs: [Reference] = []
        refs.reserveCapacity(n)
        for _ in 0..<n { refs.append(try reference()) }
        return refs
    }

    private mutating func reference() throws(CompiledPlanError) -> Reference {
        var r = Reference(try string(), at: try location())
        r.target = try optionalString()
        return r
    }

    private mutating func optionalReference() throws(CompiledPlanError) -> Reference? {
        try flag() ? try reference() : nil
    }

    private mutating func optionalProgress() throws(CompiledPlanError) -> Progress? {
        try optionalString().map { (raw) throws(CompiledPlanError) in try Self.value(Progress.self, raw) }
    }

    private mutating func optionalDurations() throws(CompiledPlanError) -> [NominalDuration]? {
        try flag() ? try durations() : nil
    }

    private mutating func durations() throws(CompiledPlanError) -> [NominalDuration] {
        var list: [NominalDuration] = []
        for _ in 0..<(try count()) { list.append(try duration()) }
        return list
    }

    private mutating func duration() throws(CompiledPlanError) -> NominalDuration {
        NominalDuration(days: try integer(), seconds: try integer())
    }

    private mutating func times() throws(CompiledPlanError) -> [LocalDateTime] {
        var list: [LocalDateTime] = []
        for _ in 0..<(try count()) { list.append(try time()) }
        return list
    }

    private mutating func optionalTime() throws(CompiledPlanError) -> LocalDateTime? {
        try flag() ? try time() : nil
    }

    private mutating func time() throws(CompiledPlanError) -> LocalDateTime {
        LocalDateTime(
            year: try integer(), month: try integer(), day: try integer(), hour: try integer(),
            minute: try integer(), second: try integer())
    }

    private mutating func location() throws(CompiledPlanError) -> SourceLocation {
        SourceLocation(file: try string(), line: try integer(), column: try integer())
    }

    // MARK: Decoding

    private mutating func enumerated<T: RawRepresentable<String>>(_ type: T.Type) throws(CompiledPlanError) -> T {
        try Self.value(type, try string())
    }

    private static func value<T: RawRepresentable<String>>(
        _ type: T.Type, _ raw: String
    ) throws(CompiledPlanError) -> T {
        guard let v = T(rawValue: raw) else { throw CompiledPlanError("an unknown \(T.self) '\(raw)'") }
        return v
    }

    private mutating func string() throws(CompiledPlanError) -> String { try tagged(offset: 0)! }

    private mutating func optionalString() throws(CompiledPlanError) -> String? { try tagged(offset: 1) }

    /// See `CompiledPlanWriter`: with `offset` 1, tag 0 is nil.
    private mutating func tagged(offset: UInt64) throws(CompiledPlanError) -> String? {
        let tag = try unsigned()
        if offset == 1 && tag == 0 { return nil }
        if tag > offset {
            let index = tag - 1 - offset
            guard index < strings.count else {
                throw CompiledPlanError("a reference to string \(index) of \(strings.count) before byte \(position)")
            }
            return strings[Int(index)]
        }
        let length = try unsigned()
        guard length <= UInt64(end - position) else {
            throw CompiledPlanError("a string of \(length) bytes past the end, at byte \(position)")
        }
        let start = position
        position += Int(length)
        let s = String(decoding: bytes[start..<position], as: UTF8.self)
        strings.append(s)
        return s
    }

    /// A string not interned (see `CompiledPlanWriter`): with `offset` 1, 0 is nil.
    private mutating func rawString(offset: UInt64) throws(CompiledPlanError) -> String? {
        let tagged = try unsigned()
        if offset == 1 && tagged == 0 { return nil }
        let length = tagged - offset
        guard length <= UInt64(end - position) else {
            throw CompiledPlanError("a string of \(length) bytes past the end, at byte \(position)")
        }
        let start = position
        position += Int(length)
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<position]), as: UTF8.self)
        }
    }

    private mutating func flag() throws(CompiledPlanError) -> Bool {
        guard position < end else { throw CompiledPlanError("cut short at byte \(position)") }
        let b = bytes[position]
        position += 1
        guard b <= 1 else { throw CompiledPlanError("a flag \(b) at byte \(position - 1)") }
        return b == 1
    }

    /// A count, bounded by the bytes left (each element takes at least one).
    private mutating func count() throws(CompiledPlanError) -> Int {
        let n = try unsigned()
        guard n <= UInt64(end - position) else {
            throw CompiledPlanError("a count of \(n) past the end, at byte \(position)")
        }
        return Int(n)
    }

    private mutating func integer() throws(CompiledPlanError) -> Int {
        let u = try unsigned()
        let v = Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
        return Int(v)
    }

    private mutating func unsigned() throws(CompiledPlanError) -> UInt64 {
        // Most integers are below 128: one byte, one check.
        if position < end, bytes[position] < 0x80 {
            defer { position += 1 }
            return UInt64(bytes[position])
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw CompiledPlanError("cut short at byte \(position)") }
            let b = bytes[position]
            position += 1
            guard shift < 64 else { throw CompiledPlanError("an integer longer than 64 bits at byte \(position)") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }
}
