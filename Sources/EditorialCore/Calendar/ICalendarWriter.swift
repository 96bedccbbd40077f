/// Builds an iCalendar object (RFC 5545) as content lines, straight into a byte buffer.
///
/// Every method writes whole content lines: `begin`/`end` write `BEGIN:`/`END:` lines, `property` writes a value
/// as given (dates, times, durations, RRULEs, integers), `text` and `textList` write TEXT values escaped per
/// §3.3.11. Each line ends with CRLF, and a line longer than 75 octets is folded (§3.1): CRLF and one space are
/// inserted before the octet that would make the physical line longer than 75 octets (the leading space counts),
/// never inside a UTF-8 sequence and never between a backslash and the character it escapes. Unfolding (removing
/// every CRLF followed by one space) gives back the logical line exactly.
///
/// Property and parameter names are written as given and must be `iana-token`s or `x-name`s (letters, digits and
/// `-`). Nothing is validated beyond that: the caller writes the components and properties RFC 5545 asks for.
///
/// The writer works on UTF-8 octets, not characters: each value is escaped straight into the buffer in one pass,
/// and only lines longer than 75 octets are then folded, in place, so that a calendar of 100,000 events takes a
/// fraction of a second.
public struct ICalendarWriter: Sendable {
    // The output is written through a pointer into `storage`, whose first `count` octets are the calendar so far:
    // one capacity check and one exclusive access per value instead of one per octet, as `Array.append` would take.
    private var storage: [UInt8] = []
    private var count = 0
    // Where the content line being written starts in `storage`.
    private var lineStart = 0

    /// Longest physical line, in octets, not counting its CRLF (RFC 5545 §3.1).
    public static let maximumLineOctets = 75

    private enum Mode {
        case raw
        case text
        case parameter
    }

    /// An empty calendar.
    public init() {}

    /// An empty calendar with room for `capacity` octets.
    public init(reservingCapacity capacity: Int) {
        reserveCapacity(capacity)
    }

    /// The calendar so far, as UTF-8 octets.
    public var bytes: [UInt8] { storage.count == count ? storage : Array(storage[..<count]) }

    /// The calendar so far, as text.
    public var string: String { String(decoding: storage[..<count], as: UTF8.self) }

    /// The calendar's length so far, in octets.
    public var octetCount: Int { count }

    /// Makes room for `capacity` octets in all.
    public mutating func reserveCapacity(_ capacity: Int) {
        guard capacity > storage.count else { return }
        storage.reserveCapacity(capacity)
        // Copied from a block of zeros (one memcpy each): `repeatElement` goes element by element in debug builds.
        while storage.count < capacity {
            storage.append(contentsOf: Self.zeros.prefix(capacity - storage.count))
        }
    }

    private static let zeros = [UInt8](repeating: 0, count: 1 << 16)

    /// Appends the lines another writer built (for calendars built in parts, such as one part per thread).
    public mutating func append(contentsOf other: ICalendarWriter) {
        let n = other.count
        ensure(n)
        let at = count
        storage.withUnsafeMutableBufferPointer { out in
            other.storage.withUnsafeBufferPointer { from in
                guard n > 0, let source = from.baseAddress, let target = out.baseAddress else { return }
                (target + at).update(from: source, count: n)
            }
        }
        count += n
        lineStart = count
    }

    /// `BEGIN:component`, such as `BEGIN:VEVENT`.
    public mutating func begin(_ component: String) {
        property("BEGIN", raw: component)
    }

    /// `END:component`, such as `END:VEVENT`.
    public mutating func end(_ component: String) {
        property("END", raw: component)
    }

    /// A property whose value is written as given: dates and times (`ICalendarTime`), durations, RRULEs, integers,
    /// URIs and other values that RFC 5545 does not escape.
    ///
    /// Control characters other than HTAB cannot appear in any value, and a CR or LF would end the line: they are
    /// dropped, so no value can break the calendar's structure.
    public mutating func property(_ name: String, _ parameters: [ICalendarParameter] = [], raw value: String) {
        head(name, parameters)
        append(value, .raw)
        finishLine()
    }

    /// A TEXT property (SUMMARY, DESCRIPTION, LOCATION, …), escaped per RFC 5545 §3.3.11.
    ///
    /// `\`, `;` and `,` are written `\\`, `\;` and `\,`; a line break (CRLF, LF or a lone CR) is written `\n`, so
    /// readers give it back as LF. HTAB is kept. Other control characters (U+0000–U+001F and U+007F) are not
    /// allowed in TEXT and have no escape: they are dropped.
    public mutating func text(_ name: String, _ value: String) {
        text(name, [], value)
    }

    /// A TEXT property with parameters (such as `LANGUAGE` or `ALTREP`), escaped as `text(_:_:)` does.
    public mutating func text(_ name: String, _ parameters: [ICalendarParameter], _ value: String) {
        head(name, parameters)
        append(value, .text)
        finishLine()
    }

    /// A property with several TEXT values (such as CATEGORIES): each is escaped as `text(_:_:)` does, so a comma
    /// inside a value stays part of it, and they are separated by `,`.
    public mutating func textList(_ name: String, _ values: [String]) {
        textList(name, [], values)
    }

    /// `textList(_:_:)` with parameters.
    public mutating func textList(_ name: String, _ parameters: [ICalendarParameter], _ values: [String]) {
        head(name, parameters)
        for (i, value) in values.enumerated() {
            if i > 0 { put(UInt8(ascii: ",")) }
            append(value, .text)
        }
        finishLine()
    }

    private mutating func head(_ name: String, _ parameters: [ICalendarParameter]) {
        assert(Self.isName(name), "'\(name)' is not an iCalendar name")
        append(name, .raw)
        for parameter in parameters {
            assert(Self.isName(parameter.name), "'\(parameter.name)' is not an iCalendar parameter name")
            put(UInt8(ascii: ";"))
            append(parameter.name, .raw)
            put(UInt8(ascii: "="))
            for (i, value) in parameter.values.enumerated() {
                if i > 0 { put(UInt8(ascii: ",")) }
                // Quoted only when the value needs it (RFC 5545 §3.2): TZIDs and value types stay bare.
                let quoted = value.utf8.contains {
                    $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",")
                }
                if quoted { put(UInt8(ascii: "\"")) }
                append(value, .parameter)
                if quoted { put(UInt8(ascii: "\"")) }
            }
        }
        put(UInt8(ascii: ":"))
    }

    private mutating func finishLine() {
        if count - lineStart > Self.maximumLineOctets { fold() }
        put(13)
        put(10)
        lineStart = count
    }

    /// Folds the content line being written, in place. Lines are escaped first and folded after, since most are
    /// short, and a long one needs work only where it breaks.
    private mutating func fold() {
        let start = lineStart
        let length = count - start
        // A physical line holds at least 71 octets of the logical line (74, less up to 3 of a UTF-8 sequence).
        withUnsafeTemporaryAllocation(of: Int.self, capacity: length / 64 + 2) { breaks in
            // Where each physical line after the first starts in the unfolded line: as late as 75 octets allow (74
            // after the leading space), moved back so as to split neither a UTF-8 sequence nor a backslash escape.
            var folds = 0
            storage.withUnsafeBufferPointer { all in
                let line = UnsafeBufferPointer(rebasing: all[start..<start + length])
                var segment = 0
                var room = Self.maximumLineOctets
                while length - segment > room {
                    var k = segment + room
                    while k > segment + 1, line[k] & 0xC0 == 0x80 { k -= 1 }
                    if line[k] < 0x80 {
                        var run = 0
                        while k - run - 1 >= 0, line[k - run - 1] == UInt8(ascii: "\\") { run += 1 }
                        // An odd run of backslashes ends with one that escapes line[k] (text escapes are pairs).
                        if run % 2 == 1, k - 1 > segment { k -= 1 }
                    }
                    breaks[folds] = k
                    folds += 1
                    segment = k
                    room = Self.maximumLineOctets - 1
                }
            }
            ensure(3 * folds)
            storage.withUnsafeMutableBufferPointer { all in
                guard let line = all.baseAddress.map({ $0 + start }) else { return }
                // Last segment first, each moved right by three octets per fold before it.
                var end = length
                for f in stride(from: folds - 1, through: 0, by: -1) {
                    let from = breaks[f]
                    let shift = 3 * (f + 1)
                    (line + from + shift).update(from: line + from, count: end - from)
                    line[from + shift - 3] = 13
                    line[from + shift - 2] = 10
                    line[from + shift - 1] = 32
                    end = from
                }
            }
            count += 3 * folds
        }
    }

    /// Makes room for `n` more octets, doubling the storage when it grows.
    @inline(__always)
    private mutating func ensure(_ n: Int) {
        if count + n > storage.count { reserveCapacity(max(count + n, 2 * storage.count, 256)) }
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        ensure(1)
        storage[count] = byte
        count += 1
    }

    private mutating func append(_ value: String, _ mode: Mode) {
        if value.utf8.withContiguousStorageIfAvailable({ append($0, mode) }) != nil { return }
        var copy = value
        copy.withUTF8 { append($0, mode) }
    }

    private mutating func append(_ p: UnsafeBufferPointer<UInt8>, _ mode: Mode) {
        let n = p.count
        guard n > 0 else { return }
        // Bit b of `low` (octets 0...63) and of `high` (64...127) is set for the octets that are escaped, replaced
        // or dropped in this mode: control characters (but HTAB) in all of them, and c1, c2, c3 repeat the printable
        // ones. Eight octets go at a time where none is special (SWAR: a word holds an octet below 0x20, or equal to
        // the one repeated in c, when these subtractions borrow), one at a time around the others.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var low: UInt64 = 0xFFFF_FFFF & ~(1 << 9)
        var high: UInt64 = 1 << (0x7F - 64)
        let c0 = ones &* 0x7F
        var (c1, c2, c3) = (c0, c0, c0)
        switch mode {
        case .raw: break
        case .text:
            low |= 1 << UInt64(UInt8(ascii: ";")) | 1 << UInt64(UInt8(ascii: ","))
            high |= 1 << UInt64(UInt8(ascii: "\\") - 64)
            c1 = ones &* UInt64(UInt8(ascii: "\\"))
            c2 = ones &* UInt64(UInt8(ascii: ";"))
            c3 = ones &* UInt64(UInt8(ascii: ","))
        case .parameter:
            low |= 1 << UInt64(UInt8(ascii: "\""))
            c1 = ones &* UInt64(UInt8(ascii: "\""))
        }
        @inline(__always) func zero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v }
        // Every octet is written at most twice (an escape).
        ensure(2 * n)
        let at = count
        let written = storage.withUnsafeMutableBufferPointer { all -> Int in
            guard let out = all.baseAddress.map({ $0 + at }), let source = p.baseAddress else { return 0 }
            let words = UnsafeRawPointer(source)
            let target = UnsafeMutableRawPointer(out)
            var k = 0
            var i = 0
            var singlesUntil = 0
            while i < n {
                if i >= singlesUntil, n - i >= 8 {
                    let w = words.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let below = (w &- ones &* 0x20) & ~w
                    if (below | zero(w ^ c0) | zero(w ^ c1) | zero(w ^ c2) | zero(w ^ c3)) & highs == 0 {
                        target.storeBytes(of: w, toByteOffset: k, as: UInt64.self)
                        i += 8
                        k += 8
                        continue
                    }
                    singlesUntil = i + 8
                }
                let b = p[i]
                i += 1
                let special = b < 64 ? (low >> UInt64(b)) & 1 != 0 : b < 128 && (high >> UInt64(b - 64)) & 1 != 0
                guard special else {
                    out[k] = b
                    k += 1
                    continue
                }
                if mode == .text, b == 0x0D || b == 0x0A {
                    if b == 0x0D, i < n, p[i] == 0x0A { i += 1 }
                    out[k] = UInt8(ascii: "\\")
                    out[k + 1] = UInt8(ascii: "n")
                    k += 2
                } else if mode == .text, b >= 0x20, b != 0x7F {
                    out[k] = UInt8(ascii: "\\")
                    out[k + 1] = b
                    k += 2
                } else if mode == .parameter, b == UInt8(ascii: "\"") {
                    out[k] = UInt8(ascii: "'")
                    k += 1
                }
                // Anything else is a control character: not allowed here, and no escape exists for it.
            }
            return k
        }
        count += written
    }

    private static func isName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                    || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                    || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
            }
    }
}
