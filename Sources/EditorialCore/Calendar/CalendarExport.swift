/// Turns an agenda and the recorded states into iCalendar entries (RFC 5545): slots as recurring events with
/// their rules kept, posts as events, production items, preparations and plan renewals as to-dos.
///
/// Each slot is one `VEVENT` whose `DTSTART` is its first occurrence (with `TZID`), whose RRULEs end with an
/// `UNTIL` in UTC at its last occurrence, with its extra dates as `RDATE`. Where a client expanding that event
/// by RFC 5545 would not get exactly the agenda's occurrences (an exception, a daylight-saving policy other than
/// RFC 5545's, a date outside the slot), the difference is written as `EXDATE`s and overrides, so every client
/// shows the agenda. An occurrence with a recorded state (published, skipped, snoozed) is an override with
/// `RECURRENCE-ID` (skipped: `STATUS:CANCELLED`). The mapping of every field is in Docs/PlanFormat.md.
public struct CalendarExport: Sendable {
    /// The agenda.
    public let agenda: Agenda
    /// Recorded states by item id (override the plan files' `status:`).
    public let states: [String: ItemState]
    /// What to include.
    public let filter: CalendarFilter
    /// Whether to write one `VALARM` per lead time.
    public let alarms: Bool

    /// The suffix that makes item ids globally unique UIDs.
    public static let uidSuffix = "@editoriald"

    /// Prepares an export.
    public init(
        agenda: Agenda, states: [String: ItemState] = [:], filter: CalendarFilter = .init(), alarms: Bool = false
    ) {
        self.agenda = agenda
        self.states = states
        self.filter = filter
        self.alarms = alarms
    }

    /// The UID of an item id.
    public static func uid(_ id: String) -> String { id + uidSuffix }

    /// Every entry the filter keeps: slots in plan order (each followed by its preparations), then one-off
    /// items by due time and id.
    public func entries() -> [CalendarEntry] {
        var result: [CalendarEntry] = []
        let set = agenda.planSet
        let bySlot = statesBySlot()
        for p in set.plans.indices {
            for s in set.plans[p].slots.indices {
                result += slotEntries(
                    plan: p, slot: s, states: bySlot["\(set.plans[p].name)/\(set.plans[p].slots[s].id)"])
            }
        }
        // The agenda's time line is in (due, id) order already; each item is built as it is written.
        for item in agenda.fixedItems(from: filter.from ?? .min, to: filter.to ?? .max)
        where filter.keeps(plan: item.plan, channel: item.channel, owner: item.owner, in: set) {
            result.append(fixedEntry(item))
        }
        return result
    }

    /// The recorded state of an item: the store's, else the plan file's `status:`.
    func state(of item: AgendaItem) -> ItemState { ItemState.recorded(item, in: states) }

    /// Recorded states of occurrences, by slot id (`plan/slot`), keyed by the occurrence's local time.
    private func statesBySlot() -> [String: [LocalDateTime: ItemState]] {
        var result: [String: [LocalDateTime: ItemState]] = [:]
        for (id, state) in states where state.progress != nil || state.snoozedUntil != nil {
            guard let at = id.lastIndex(of: "@"), !id.hasSuffix("/prepare"),
                case .success(.local(let local, dateOnly: false)) = TimeText.parse(String(id[id.index(after: at)...]))
            else { continue }
            result[String(id[..<at]), default: [:]][local] = state
        }
        return result
    }

    // MARK: One-off items

    private func fixedEntry(_ item: AgendaItem) -> CalendarEntry {
        let due = item.due!
        var w = ICalendarWriter()
        let isEvent = item.kind == .post
        let zone = item.zone.identifier == "UTC" ? nil : item.zone
        writeTime(&w, isEvent ? "DTSTART" : "DUE", local: item.local, utc: due, zone: item.zone)
        writeCommon(&w, item: item, state: state(of: item), isEvent: isEvent)
        return CalendarEntry(
            uid: CalendarExport.uid(item.id), plan: item.plan, channel: item.channel, owner: item.owner, zone: zone,
            span: due...due, components: [.init(name: isEvent ? "VEVENT" : "VTODO", body: w)])
    }

    // MARK: Shared properties

    /// A time property: `TZID` and the local time when every client reads that local time as `utc`, else the
    /// instant in UTC (a time in a gap or a repeated hour, which clients read differently, or one a
    /// daylight-saving policy other than RFC 5545's placed elsewhere).
    func writeTime(_ w: inout ICalendarWriter, _ name: String, local: LocalDateTime, utc: Int64, zone: ZoneRules) {
        if zone.identifier != "UTC", CalendarExport.readsAlike(local, utc, in: zone) {
            w.property(name, [ICalendarParameter("TZID", zone.identifier)], raw: ICalendarTime.local(local))
        } else {
            w.property(name, raw: ICalendarTime.utc(utc))
        }
    }

    /// SUMMARY, DESCRIPTION, CATEGORIES, status, the X-EDITORIAL properties, relations and alarms.
    func writeCommon(
        _ w: inout ICalendarWriter, item: AgendaItem, state: ItemState, isEvent: Bool, itemID: String? = nil,
        parent: String? = nil
    ) {
        let set = agenda.planSet
        w.text("SUMMARY", item.title)
        var about: [String] = []
        if let owner = item.owner { about.append("Owner: \(owner)") }
        about.append("Plan: \(item.plan)")
        if let channel = item.channel { about.append("Channel: \(channel)") }
        about.append("Item: \(itemID ?? item.id)")
        let needs = item.needs.filter { !CalendarExport.isPreparation($0) }
        if !needs.isEmpty { about.append("Needs: " + needs.joined(separator: ", ")) }
        w.text("DESCRIPTION", about.joined(separator: "\n"))
        var categories: [String] = []
        if let channel = item.channel {
            categories.append(channel)
            if let network = set.channel(channel)?.network, network != channel { categories.append(network) }
        }
        if let type = item.type { categories.append(type) }
        if !categories.isEmpty { w.textList("CATEGORIES", categories) }
        if let owner = item.owner { w.text("CONTACT", owner) }
        switch (isEvent, state.progress) {
        case (true, .skipped?): w.property("STATUS", raw: "CANCELLED")
        case (true, _): w.property("STATUS", raw: "CONFIRMED")
        case (false, .skipped?): w.property("STATUS", raw: "CANCELLED")
        case (false, .done?), (false, .published?): w.property("STATUS", raw: "COMPLETED")
        case (false, nil): w.property("STATUS", raw: "NEEDS-ACTION")
        }
        if !isEvent, state.progress == .done || state.progress == .published {
            w.property("PERCENT-COMPLETE", raw: "100")
        }
        if let parent { w.text("RELATED-TO", [ICalendarParameter("RELTYPE", "PARENT")], parent) }
        for need in needs {
            w.text("RELATED-TO", [ICalendarParameter("RELTYPE", "CHILD")], CalendarExport.uid(need))
        }
        w.text("X-EDITORIAL-ITEM", itemID ?? item.id)
        w.text("X-EDITORIAL-PLAN", item.plan)
        w.text("X-EDITORIAL-KIND", item.kind.rawValue)
        if let owner = item.owner { w.text("X-EDITORIAL-OWNER", owner) }
        if let progress = state.progress { w.text("X-EDITORIAL-STATUS", progress.rawValue) }
        if let until = state.snoozedUntil {
            if state.progress == nil { w.text("X-EDITORIAL-STATUS", "snoozed") }
            w.property("X-EDITORIAL-SNOOZED-UNTIL", raw: ICalendarTime.utc(until))
        }
        if alarms {
            for lead in item.leads.sorted(by: >) {
                w.begin("VALARM")
                w.property("ACTION", raw: "DISPLAY")
                w.text("DESCRIPTION", item.title)
                let trigger = ICalendarTime.duration(lead, negative: lead != .zero)
                if isEvent {
                    w.property("TRIGGER", raw: trigger)
                } else {
                    w.property("TRIGGER", [ICalendarParameter("RELATED", "END")], raw: trigger)
                }
                w.end("VALARM")
            }
        }
    }

    /// Whether an id is a preparation's (`…/prepare`), compared as bytes (Foundation's `hasSuffix` is slower).
    static func isPreparation(_ id: String) -> Bool {
        let suffix = "/prepare".utf8
        return id.utf8.count > suffix.count && id.utf8.suffix(suffix.count).elementsEqual(suffix)
    }
}
