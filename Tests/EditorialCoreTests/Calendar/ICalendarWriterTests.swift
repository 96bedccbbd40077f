import Foundation
import Testing

@testable import EditorialCore

/// `ICalendarWriter`: TEXT escaping, parameter quoting and line folding.
struct ICalendarWriterTests {
    typealias Support = ICalendarTestSupport

    static func written(_ build: (inout ICalendarWriter) -> Void) -> String {
        var w = ICalendarWriter()
        build(&w)
        return w.string
    }

    /// The one logical line a property was written as.
    static func line(_ build: (inout ICalendarWriter) -> Void) -> String {
        var w = ICalendarWriter()
        build(&w)
        let lines = Support.checkedLogicalLines(w.bytes)
        #expect(lines.count == 1)
        return lines.first ?? ""
    }

    @Test func componentsAndPropertiesEndWithCRLF() {
        let text = Self.written { w in
            w.begin("VCALENDAR")
            w.property("VERSION", raw: "2.0")
            w.end("VCALENDAR")
        }
        #expect(text == "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    }

    @Test func escapesText() {
        #expect(
            Self.line { $0.text("SUMMARY", "a\\b;c,d\ne\r\nf\rg\th") } == "SUMMARY:a\\\\b\\;c\\,d\\ne\\nf\\ng\th")
        // Two line breaks stay two: CR LF is one, LF CR is two.
        #expect(Self.line { $0.text("SUMMARY", "1\n\r2\r\r3\n\n4") } == "SUMMARY:1\\n\\n2\\n\\n3\\n\\n4")
        #expect(Self.line { $0.text("SUMMARY", "") } == "SUMMARY:")
        // Colons, double quotes and non-ASCII need nothing in TEXT.
        #expect(Self.line { $0.text("SUMMARY", "Time: \"now\" é 🚀") } == "SUMMARY:Time: \"now\" é 🚀")
    }

    @Test func dropsControlCharactersFromText() {
        let controls = (0..<32).filter { $0 != 9 && $0 != 10 && $0 != 13 }.map { String(UnicodeScalar(UInt8($0))) }
        let value = "a" + controls.joined() + "\u{7F}b\u{0}c"
        #expect(Self.line { $0.text("SUMMARY", value) } == "SUMMARY:abc")
        // C1 controls and other non-ASCII format characters are not RFC 5545 CONTROL: kept.
        #expect(Self.line { $0.text("SUMMARY", "x\u{85}\u{200B}y") } == "SUMMARY:x\u{85}\u{200B}y")
    }

    @Test func escapesListValuesSeparately() {
        #expect(
            Self.line { $0.textList("CATEGORIES", ["a,b", "c;d", "e\\f", "g\nh"]) }
                == "CATEGORIES:a\\,b,c\\;d,e\\\\f,g\\nh")
        #expect(Self.line { $0.textList("CATEGORIES", ["one"]) } == "CATEGORIES:one")
        #expect(Self.line { $0.textList("CATEGORIES", []) } == "CATEGORIES:")
        #expect(
            Self.line { $0.textList("CATEGORIES", [ICalendarParameter("LANGUAGE", "it")], ["x", "y"]) }
                == "CATEGORIES;LANGUAGE=it:x,y")
    }

    @Test func quotesParameterValuesOnlyWhenNeeded() {
        #expect(
            Self.line { $0.property("DTSTART", [.tzid("Europe/Rome")], raw: "20260329T023000") }
                == "DTSTART;TZID=Europe/Rome:20260329T023000")
        #expect(
            Self.line { $0.property("DTSTART", [.value("DATE")], raw: "20260329") } == "DTSTART;VALUE=DATE:20260329")
        #expect(
            Self.line { $0.property("ATTENDEE", [ICalendarParameter("CN", "Doe, Jane")], raw: "mailto:j@x.org") }
                == "ATTENDEE;CN=\"Doe, Jane\":mailto:j@x.org")
        #expect(Self.line { $0.property("X", [ICalendarParameter("A", "b;c")], raw: "v") } == "X;A=\"b;c\":v")
        #expect(Self.line { $0.property("X", [ICalendarParameter("A", "b:c")], raw: "v") } == "X;A=\"b:c\":v")
        #expect(Self.line { $0.property("X", [ICalendarParameter("A", "")], raw: "v") } == "X;A=:v")
        // Non-ASCII needs no quotes (QSAFE-CHAR and SAFE-CHAR both include it).
        #expect(Self.line { $0.property("X", [ICalendarParameter("CN", "José 🙂")], raw: "v") } == "X;CN=José 🙂:v")
    }

    @Test func replacesQuotesAndDropsControlsInParameterValues() {
        #expect(
            Self.line { $0.property("X", [ICalendarParameter("CN", "The \"Boss\"")], raw: "v") } == "X;CN=The 'Boss':v")
        #expect(
            Self.line { $0.property("X", [ICalendarParameter("CN", "a\"b, c")], raw: "v") } == "X;CN=\"a'b, c\":v")
        #expect(
            Self.line { $0.property("X", [ICalendarParameter("CN", "line\r\nbreak\u{0}\u{7F}\ttab")], raw: "v") }
                == "X;CN=linebreak\ttab:v")
    }

    @Test func writesSeveralParametersAndValues() {
        let members = ICalendarParameter("MEMBER", values: ["mailto:a@x.org", "mailto:b@x.org"])
        #expect(
            Self.line {
                $0.property("ATTENDEE", [members, ICalendarParameter("ROLE", "CHAIR")], raw: "mailto:c@x.org")
            }
                == "ATTENDEE;MEMBER=\"mailto:a@x.org\",\"mailto:b@x.org\";ROLE=CHAIR:mailto:c@x.org")
        #expect(
            Self.line { $0.text("LOCATION", [ICalendarParameter("LANGUAGE", "en")], "Room 1, floor 2") }
                == "LOCATION;LANGUAGE=en:Room 1\\, floor 2")
        #expect(
            Self.line { $0.property("X", [ICalendarParameter("A", values: ["p", "q,r"])], raw: "v") }
                == "X;A=p,\"q,r\":v")
    }

    @Test func rawValuesAreWrittenAsGivenWithoutLineBreaks() {
        #expect(
            Self.line { $0.property("RRULE", raw: "FREQ=WEEKLY;BYDAY=TU,FR") } == "RRULE:FREQ=WEEKLY;BYDAY=TU,FR")
        #expect(Self.line { $0.property("X", raw: "a\\b,c;d") } == "X:a\\b,c;d")
        #expect(Self.line { $0.property("X", raw: "a\r\nEND:VCALENDAR\u{0}") } == "X:aEND:VCALENDAR")
    }

    @Test func foldsAt75Octets() {
        let fits = "SUMMARY:" + String(repeating: "a", count: 67)
        #expect(Self.written { $0.text("SUMMARY", String(repeating: "a", count: 67)) } == fits + "\r\n")
        let text = Self.written { $0.text("SUMMARY", String(repeating: "a", count: 68 + 74 + 3)) }
        let expected =
            "SUMMARY:" + String(repeating: "a", count: 67) + "\r\n " + String(repeating: "a", count: 74)
            + "\r\n " + "aaaa" + "\r\n"
        #expect(text == expected)
        // The head folds too.
        let name = "X-" + String(repeating: "N", count: 100)
        let long = Self.written { $0.property(name, raw: "v") }
        #expect(
            long == "X-" + String(repeating: "N", count: 73) + "\r\n " + String(repeating: "N", count: 27) + ":v\r\n")
    }

    @Test func neverSplitsCharactersOrEscapes() {
        // Padding puts each unit across the 75th octet in turn.
        for pad in 0..<8 {
            let prefix = String(repeating: "p", count: 60 + pad)
            for unit in ["🚀", "é", "€", "\\", ",", ";", "\n", "e\u{301}", "👩🏽‍💻"] {
                let value = prefix + String(repeating: unit, count: 6)
                var w = ICalendarWriter()
                w.text("SUMMARY", value)
                let lines = Support.checkedLogicalLines(w.bytes)
                #expect(lines == ["SUMMARY:" + Support.escaped(value)], "pad \(pad), unit \(unit.debugDescription)")
                for physical in Support.physicalLines(w.bytes) {
                    // No line ends with the backslash of an escape.
                    var trailing = 0
                    for b in physical.reversed() {
                        guard b == UInt8(ascii: "\\") else { break }
                        trailing += 1
                    }
                    #expect(trailing % 2 == 0, "pad \(pad), unit \(unit.debugDescription)")
                }
            }
        }
    }

    @Test func foldsNastyTitles() {
        let long = [String(repeating: "標", count: 5_000), String(repeating: "🚀", count: 5_000)]
        for title in Support.nastyTitles + long {
            var w = ICalendarWriter()
            w.text("SUMMARY", title)
            w.text("DESCRIPTION", [ICalendarParameter("ALTREP", "cid:part1.0001@example.org")], title)
            let lines = Support.checkedLogicalLines(w.bytes)
            #expect(
                lines == [
                    "SUMMARY:" + Support.escaped(title),
                    "DESCRIPTION;ALTREP=\"cid:part1.0001@example.org\":" + Support.escaped(title),
                ])
        }
        let zurich = String(repeating: "Zürich, ", count: 625)
        #expect(zurich.count == 5_000)
        var w = ICalendarWriter()
        w.text("SUMMARY", zurich)
        let physical = Support.physicalLines(w.bytes)
        #expect(physical.count > 70)
        #expect(physical.dropLast().allSatisfy { $0.count >= 72 }, "folds waste no more than a character's octets")
    }

    /// Random mixes of the awkward pieces: every physical line at most 75 octets and valid UTF-8, and unfolding gives
    /// back the escaped value.
    @Test func randomValuesSurviveFolding() {
        let seed = UInt64.random(in: 1...1 << 48)
        var random = SplitMix64(state: seed)
        let pieces = [
            "a", "Z", " ", "\t", "\\", ",", ";", ":", "\"", "\n", "\r\n", "\r", "\u{0}", "\u{1B}", "\u{7F}", "é",
            "e\u{301}",
            "ß", "€", "漢", "한", "🚀", "👩🏽‍💻", "🇮🇹", "\u{FEFF}", "\u{10FFFF}",
        ]
        for _ in 0..<300 {
            var value = ""
            for _ in 0..<Int(random.next() % 200) { value += pieces[Int(random.next() % UInt64(pieces.count))] }
            let parameter = pieces.shuffled(using: &random).prefix(5).joined()
            var w = ICalendarWriter()
            w.text("SUMMARY", [ICalendarParameter("X-P", parameter)], value)
            let lines = Support.checkedLogicalLines(w.bytes)
            let head = Self.line { $0.property("SUMMARY", [ICalendarParameter("X-P", parameter)], raw: "") }
            #expect(lines == [head + Support.escaped(value)], "seed \(seed), value \(value.debugDescription)")
        }
    }

    @Test func appendsAnotherWritersLines() {
        var part = ICalendarWriter()
        part.text("SUMMARY", String(repeating: "x", count: 100))
        var w = ICalendarWriter(reservingCapacity: 1024)
        w.begin("VEVENT")
        w.append(contentsOf: part)
        w.end("VEVENT")
        #expect(w.bytes == Array("BEGIN:VEVENT\r\n".utf8) + part.bytes + Array("END:VEVENT\r\n".utf8))
        #expect(w.string == String(decoding: w.bytes, as: UTF8.self))
    }
}
