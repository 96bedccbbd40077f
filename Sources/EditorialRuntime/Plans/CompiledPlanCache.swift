import Dispatch
import EditorialClient
import EditorialCore
import Foundation

/// The compiled-plan cache: what each plan file parsed to, kept in the state directory so that a start with
/// unchanged files parses nothing. Each entry is keyed by the file's path, content hash and length and the default
/// lead times; the file as a whole by the engine version and the machine's architecture, and guarded by a
/// checksum. It is written crash-safely (temporary file, fsync, rename, fsync of the directory); a cache that is
/// cut short, corrupt, from another version or another architecture is discarded and rebuilt, never trusted.
///
/// Layout: `EDPLANS\n`, a format byte, the engine and architecture strings (a length byte each), the entry
/// count, then per entry the path, hash, length, lead times and `CompiledPlanWriter` payload (integers 8 bytes
/// little-endian), and last the XXH64 checksum of every byte before it.
struct CompiledPlanCache: Sendable {
    /// The file name in the state directory.
    static let fileName = "plans.cache"
    /// What the file starts with.
    static let magic = Array("EDPLANS\n".utf8)
    /// The layout version.
    static let format: UInt8 = 2
    /// The engine that wrote it: another version may parse the same text differently.
    static let engine = "editoriald \(EditorialVersion.current) compiled-plans 2"
    /// The machine it was written on: the integers are fixed little-endian, but a cache is never moved between
    /// architectures on trust.
    static let architecture: String = {
        #if arch(x86_64)
            let cpu = "x86_64"
        #elseif arch(arm64)
            let cpu = "arm64"
        #else
            let cpu = "unknown-cpu"
        #endif
        return "\(cpu) \(MemoryLayout<Int>.size * 8)-bit \(1.littleEndian == 1 ? "little" : "big")-endian"
    }()

    /// The cache file.
    let path: String

    /// The cache of the state directory `directory`.
    init(stateDirectory directory: String) { path = directory + "/" + Self.fileName }

    /// What reading the file gave.
    enum Outcome {
        /// No cache yet.
        case missing
        /// The entries, by path.
        case loaded([String: ParseCache.Entry])
        /// A cache that cannot be trusted, and why.
        case discarded(String)
    }

    /// Reads and checks the file; entries are decoded in parallel.
    func read() -> Outcome {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileManager.default.fileExists(atPath: path) ? .discarded("it cannot be read") : .missing
        }
        do {
            return .loaded(try Self.decode([UInt8](data)))
        } catch {
            return .discarded(error.description)
        }
    }

    /// Writes `entries` crash-safely, a few files' entries at a time (the whole cache is never in memory: at a
    /// million posts it was 80 MB more at the daemon's peak). Stops, leaving the file as it was, once `abandoned`.
    func write(_ entries: [String: ParseCache.Entry], abandoned: @Sendable () -> Bool = { false }) throws {
        _ = try AtomicFile.write(to: path) {
            (sink: ([UInt8]) throws(AtomicFile.Failure) -> Void) throws(AtomicFile.Failure) -> Bool in
            let done = try Self.encode(entries, abandoned: abandoned, into: sink)
            return done && !abandoned()
        }
    }

    // MARK: Layout

    /// The whole cache file's bytes (nil once `abandoned`).
    static func encode(_ entries: [String: ParseCache.Entry], abandoned: @Sendable () -> Bool = { false }) -> [UInt8]? {
        var out: [UInt8] = []
        let done = encode(entries, abandoned: abandoned) { (bytes: [UInt8]) in out += bytes }
        return done ? out : nil
    }

    /// Hands the cache file's bytes to `sink` in pieces, in order; entries are encoded in parallel a few files at
    /// a time. Returns false, having stopped, once `abandoned`.
    static func encode<E: Error>(
        _ entries: [String: ParseCache.Entry], abandoned: @Sendable () -> Bool = { false },
        into sink: ([UInt8]) throws(E) -> Void
    ) throws(E) -> Bool {
        var checksum = XXHash64()
        func emit(_ bytes: [UInt8]) throws(E) {
            checksum.update(bytes)
            try sink(bytes)
        }
        var head = magic
        head.append(format)
        for text in [engine, architecture] {
            head.append(UInt8(text.utf8.count))
            head += Array(text.utf8)
        }
        let sorted = entries.sorted { $0.key < $1.key }
        put(UInt64(sorted.count), &head)
        try emit(head)
        let batch = 8
        for first in stride(from: 0, to: sorted.count, by: batch) {
            let part = sorted[first..<min(first + batch, sorted.count)]
            var encoded = [[UInt8]](repeating: [], count: part.count)
            encoded.withUnsafeMutableBufferPointer { slots in
                let slots = UncheckedBox(slots)
                DispatchQueue.concurrentPerform(iterations: part.count) { i in
                    guard !abandoned() else { return }
                    var writer = CompiledPlanWriter()
                    writer.write(part[first + i].value.parse)
                    slots.value[i] = writer.bytes
                }
            }
            guard !abandoned() else { return false }
            for ((path, entry), payload) in zip(part, encoded) {
                var frame: [UInt8] = []
                put(Array(path.utf8), &frame)
                put(entry.hash, &frame)
                put(UInt64(entry.length), &frame)
                put(UInt64(entry.defaults.count), &frame)
                for d in entry.defaults {
                    put(UInt64(bitPattern: Int64(d.days)), &frame)
                    put(UInt64(bitPattern: Int64(d.seconds)), &frame)
                }
                put(UInt64(payload.count), &frame)
                try emit(frame)
                try emit(payload)
            }
        }
        var tail: [UInt8] = []
        put(checksum.value, &tail)
        try sink(tail)
        return true
    }

    static func decode(_ bytes: [UInt8]) throws(CompiledPlanError) -> [String: ParseCache.Entry] {
        var cursor = Cursor(bytes: bytes, end: bytes.count)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw CompiledPlanError("it is not a compiled-plan cache")
        }
        cursor.position = magic.count
        let found = try cursor.byte()
        guard found == format else { throw CompiledPlanError("it has layout \(found), this engine reads \(format)") }
        let writtenBy = try cursor.shortString()
        guard writtenBy == engine else {
            throw CompiledPlanError("it was written by another version ('\(writtenBy)', this is '\(engine)')")
        }
        let machine = try cursor.shortString()
        guard machine == architecture else {
            throw CompiledPlanError("it was written on another architecture (\(machine), this is \(architecture))")
        }
        guard bytes.count >= cursor.position + 16 else { throw CompiledPlanError("it is cut short") }
        let stored = UInt64(littleEndianBytes: bytes[(bytes.count - 8)...])
        let computed = bytes.withUnsafeBytes {
            XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[..<(bytes.count - 8)]))
        }
        guard computed == stored else {
            throw CompiledPlanError("its checksum does not match (cut short or corrupt)")
        }
        cursor.end = bytes.count - 8
        let count = try cursor.integer()
        var frames: [(path: String, hash: UInt64, length: Int, defaults: [NominalDuration], payload: Range<Int>)] = []
        for _ in 0..<count {
            let path = String(decoding: try cursor.slice(), as: UTF8.self)
            let hash = try cursor.integer()
            let length = try cursor.integer()
            guard length <= UInt64(PlanFileReader.defaultLimit) else {
                throw CompiledPlanError("an entry for a file of \(length) bytes, more than a plan file may have")
            }
            var defaults: [NominalDuration] = []
            for _ in 0..<(try cursor.count()) {
                let days = Int(Int64(bitPattern: try cursor.integer()))
                let seconds = Int(Int64(bitPattern: try cursor.integer()))
                defaults.append(NominalDuration(days: days, seconds: seconds))
            }
            frames.append((path, hash, Int(length), defaults, try cursor.range()))
        }
        guard cursor.position == cursor.end else { throw CompiledPlanError("it has bytes after its last entry") }
        let framed = frames
        var decoded = [Result<ParsedFile, CompiledPlanError>?](repeating: nil, count: frames.count)
        decoded.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedBox(slots)
            DispatchQueue.concurrentPerform(iterations: framed.count) { i in
                var reader = CompiledPlanReader(bytes, range: framed[i].payload)
                slots.value[i] = Result { () throws(CompiledPlanError) in
                    let file = try reader.read()
                    guard reader.atEnd else { throw CompiledPlanError("an entry longer than its plans") }
                    return file
                }
            }
        }
        var entries: [String: ParseCache.Entry] = [:]
        for (frame, result) in zip(frames, decoded) {
            switch result! {
            case .success(let file):
                entries[frame.path] = ParseCache.Entry(
                    hash: frame.hash, length: frame.length, defaults: frame.defaults, parse: file)
            case .failure(let error):
                throw CompiledPlanError("the entry of \(frame.path) is corrupt: \(error.description)")
            }
        }
        return entries
    }

    private static func put(_ n: UInt64, _ out: inout [UInt8]) {
        withUnsafeBytes(of: n.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func put(_ bytes: [UInt8], _ out: inout [UInt8]) {
        put(UInt64(bytes.count), &out)
        out += bytes
    }

    /// Reads the framing, bounds-checked.
    private struct Cursor {
        let bytes: [UInt8]
        var position = 0
        var end: Int

        init(bytes: [UInt8], end: Int) {
            self.bytes = bytes
            self.end = end
        }

        mutating func byte() throws(CompiledPlanError) -> UInt8 {
            guard position < end else { throw CompiledPlanError("it is cut short") }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func shortString() throws(CompiledPlanError) -> String {
            let n = Int(try byte())
            guard position + n <= end else { throw CompiledPlanError("it is cut short") }
            defer { position += n }
            return String(decoding: bytes[position..<(position + n)], as: UTF8.self)
        }

        mutating func integer() throws(CompiledPlanError) -> UInt64 {
            guard position + 8 <= end else { throw CompiledPlanError("it is cut short") }
            defer { position += 8 }
            return UInt64(littleEndianBytes: bytes[position..<(position + 8)])
        }

        mutating func count() throws(CompiledPlanError) -> Int {
            let n = try integer()
            guard n <= UInt64(end - position) else { throw CompiledPlanError("a count past the end") }
            return Int(n)
        }

        mutating func range() throws(CompiledPlanError) -> Range<Int> {
            let n = try count()
            defer { position += n }
            return position..<(position + n)
        }

        mutating func slice() throws(CompiledPlanError) -> ArraySlice<UInt8> {
            let r = try range()
            return bytes[r]
        }
    }
}

/// Lets `concurrentPerform` write distinct slots of one buffer.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension UInt64 {
    /// The integer of 8 little-endian bytes.
    fileprivate init(littleEndianBytes bytes: ArraySlice<UInt8>) {
        var n: UInt64 = 0
        for (i, b) in bytes.enumerated() { n |= UInt64(b) << (8 * UInt64(i)) }
        self = n
    }
}
