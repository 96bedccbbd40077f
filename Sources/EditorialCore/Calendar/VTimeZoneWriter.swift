/// Writes a zone's `VTIMEZONE` component (RFC 5545 §3.6.5) into an `ICalendarWriter`.
public enum VTimeZoneWriter {
    /// Writes a `VTIMEZONE` for `zone` that is exact for every instant in `[from, to]` (UTC seconds).
    ///
    /// `TZID` and `X-LIC-LOCATION` (which libical and Evolution read) are the zone's identifier. The first
    /// observance is the offset in force at `from`, starting at local midnight of that day with `TZOFFSETFROM` and
    /// `TZOFFSETTO` both that offset, so that readers that extend the first offset backwards still agree. Then
    /// comes one observance per offset change in `(from, to]`, each with its onset as DTSTART (the wall-clock time
    /// in the offset before the change, RFC 5545 §3.6.5), `TZOFFSETFROM`, `TZOFFSETTO`, and `TZNAME` when the zone
    /// has a name for it. Observances carry no RRULE: explicit onsets are exact for zones that changed their rules
    /// too, and the zone's data (Foundation's) is then the only source of truth. A zone without changes in the
    /// span (Asia/Kolkata, UTC) gets one `STANDARD` observance.
    ///
    /// Daylight-saving observances are `DAYLIGHT`, others `STANDARD`. Foundation's abbreviations of the form
    /// `GMT+1` (its stand-in when the locale has no name for the zone) say nothing `TZOFFSETTO` does not and are
    /// left out; the names come from ICU in the process's locale (Europe/Rome: `CET` under `en_GB`, none under
    /// `en_US`), so the TZNAME lines, and only they, can differ between machines. Events in the zone are then
    /// written as `DTSTART;TZID=identifier:` with `ICalendarTime.local`.
    public static func write(_ zone: ZoneRules, from: Int64, to: Int64, into w: inout ICalendarWriter) {
        w.begin("VTIMEZONE")
        w.property("TZID", raw: zone.identifier)
        w.property("X-LIC-LOCATION", raw: zone.identifier)
        let first = zone.observance(atUTC: from)
        var start = LocalDateTime(secondsSinceEpochAsUTC: from + Int64(first.offset))
        (start.hour, start.minute, start.second) = (0, 0, 0)
        observance(
            into: &w, start: start, from: first.offset, to: first.offset, isDaylightSaving: first.isDaylightSaving,
            abbreviation: first.abbreviation)
        for t in zone.transitions(from: from, to: to) {
            observance(
                into: &w, start: t.localOnset, from: t.offsetBefore, to: t.offsetAfter,
                isDaylightSaving: t.isDaylightSaving, abbreviation: t.abbreviation)
        }
        w.end("VTIMEZONE")
    }

    private static func observance(
        into w: inout ICalendarWriter, start: LocalDateTime, from: Int, to: Int, isDaylightSaving: Bool,
        abbreviation: String?
    ) {
        let kind = isDaylightSaving ? "DAYLIGHT" : "STANDARD"
        w.begin(kind)
        w.property("DTSTART", raw: ICalendarTime.local(start))
        w.property("TZOFFSETFROM", raw: ICalendarTime.offset(from))
        w.property("TZOFFSETTO", raw: ICalendarTime.offset(to))
        if let abbreviation, isName(abbreviation) { w.text("TZNAME", abbreviation) }
        w.end(kind)
    }

    /// False for empty abbreviations and for Foundation's `GMT+1`, `GMT-3:30` stand-ins.
    private static func isName(_ abbreviation: String) -> Bool {
        guard let first = abbreviation.utf8.first else { return false }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { return false }
        for prefix in ["GMT+", "GMT-", "UTC+", "UTC-"] where abbreviation.hasPrefix(prefix) { return false }
        return true
    }
}
