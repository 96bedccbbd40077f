/// Writes one VCALENDAR: the header, one VTIMEZONE per zone the entries use (covering their span), and the
/// entries' components with UID, DTSTAMP and SEQUENCE.
public enum CalendarDocument {
    /// The PRODID (RFC 5545 §3.7.3).
    public static let productID = "-//editoriald//editoriald \(EditorialVersion.current)//EN"

    /// The calendar's bytes.
    ///
    /// - Parameters:
    ///   - entries: what to write, in order.
    ///   - sequences: the SEQUENCE of each entry (same order); empty means 0 for all.
    ///   - stamp: DTSTAMP, the moment of the export (epoch seconds).
    ///   - name: the calendar's name (RFC 7986 NAME, and X-WR-CALNAME for older clients).
    ///   - refresh: how often subscribers should fetch it again (RFC 7986 REFRESH-INTERVAL), if given.
    public static func render(
        _ entries: [CalendarEntry], sequences: [Int] = [], stamp: Int64, name: String,
        refresh: NominalDuration? = nil
    ) -> [UInt8] {
        var w = ICalendarWriter()
        w.begin("VCALENDAR")
        w.property("VERSION", raw: "2.0")
        w.text("PRODID", productID)
        w.property("CALSCALE", raw: "GREGORIAN")
        w.property("METHOD", raw: "PUBLISH")
        w.text("NAME", name)
        w.text("X-WR-CALNAME", name)
        if let refresh {
            let text = ICalendarTime.duration(refresh, negative: false)
            w.property("REFRESH-INTERVAL", [ICalendarParameter("VALUE", "DURATION")], raw: text)
            w.property("X-PUBLISHED-TTL", raw: text)
        }
        var spans: [String: (zone: ZoneRules, span: ClosedRange<Int64>)] = [:]
        for entry in entries {
            guard let zone = entry.zone else { continue }
            if let known = spans[zone.identifier] {
                let lower = min(known.span.lowerBound, entry.span.lowerBound)
                let upper = max(known.span.upperBound, entry.span.upperBound)
                spans[zone.identifier] = (zone, lower...upper)
            } else {
                spans[zone.identifier] = (zone, entry.span)
            }
        }
        for id in spans.keys.sorted() {
            let (zone, span) = spans[id]!
            // A day of margin on each side: RECURRENCE-IDs and EXDATEs sit near the instants they name.
            VTimeZoneWriter.write(zone, from: span.lowerBound - 86_400, to: span.upperBound + 86_400, into: &w)
        }
        let dtstamp = ICalendarTime.utc(stamp)
        for (index, entry) in entries.enumerated() {
            let sequence = index < sequences.count ? sequences[index] : 0
            for component in entry.components {
                w.begin(component.name)
                w.text("UID", entry.uid)
                w.property("DTSTAMP", raw: dtstamp)
                w.property("SEQUENCE", raw: String(sequence))
                w.append(contentsOf: component.body)
                w.end(component.name)
            }
        }
        w.end("VCALENDAR")
        return w.bytes
    }
}
