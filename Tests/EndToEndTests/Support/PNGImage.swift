import Foundation

/// A PNG read back into pixels, to check what a screenshot shows: the IHDR's size, and the rows unfiltered into
/// RGB. Foundation has no zlib on Linux, so the image data is inflated by python3's standard `zlib` module; the
/// rest (chunks, the five row filters) is done here. 8-bit RGB and RGBA, not interlaced: what Chromium writes.
struct PNGImage {
    /// Width in pixels.
    let width: Int
    /// Height in pixels.
    let height: Int
    /// RGB triples, row by row.
    let pixels: [UInt8]

    /// Width and height from the IHDR chunk alone.
    static func size(of file: URL) throws -> (width: Int, height: Int) {
        let bytes = [UInt8](try Data(contentsOf: file))
        guard bytes.count > 24, bytes.prefix(8) == [137, 80, 78, 71, 13, 10, 26, 10],
            bytes[12..<16] == [73, 72, 68, 82]
        else { throw PNGError("\(file.path) is not a PNG") }
        return (Int(be32(bytes, 16)), Int(be32(bytes, 20)))
    }

    /// Reads and decodes `file`.
    init(file: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: file))
        (width, height) = try Self.size(of: file)
        let depth = bytes[24]
        let colour = bytes[25]
        guard depth == 8, colour == 2 || colour == 6, bytes[28] == 0 else {
            throw PNGError("unsupported PNG: depth \(depth), colour type \(colour), interlace \(bytes[28])")
        }
        var compressed: [UInt8] = []
        var at = 8
        while at + 8 <= bytes.count {
            let length = Int(Self.be32(bytes, at))
            let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
            guard at + 12 + length <= bytes.count else { throw PNGError("truncated chunk \(type)") }
            if type == "IDAT" { compressed += bytes[at + 8..<at + 8 + length] }
            if type == "IEND" { break }
            at += 12 + length
        }
        let raw = try Self.inflate(compressed)
        let channels = colour == 6 ? 4 : 3
        let stride = width * channels
        guard raw.count == height * (stride + 1) else {
            throw PNGError("image data is \(raw.count) bytes, not \(height * (stride + 1))")
        }
        var rows = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            let src = y * (stride + 1) + 1
            let dst = y * stride
            for i in 0..<stride {
                let x = Int(raw[src + i])
                let a = i >= channels ? Int(rows[dst + i - channels]) : 0
                let b = y > 0 ? Int(rows[dst - stride + i]) : 0
                let c = y > 0 && i >= channels ? Int(rows[dst - stride + i - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let pa = abs(p - a)
                    let pb = abs(p - b)
                    let pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw PNGError("row \(y) has filter \(filter)")
                }
                rows[dst + i] = UInt8(truncatingIfNeeded: x + predicted)
            }
        }
        if channels == 3 {
            pixels = rows
        } else {
            var rgb = [UInt8](repeating: 0, count: width * height * 3)
            for p in 0..<width * height {
                rgb[p * 3] = rows[p * 4]
                rgb[p * 3 + 1] = rows[p * 4 + 1]
                rgb[p * 3 + 2] = rows[p * 4 + 2]
            }
            pixels = rgb
        }
    }

    /// The pixel at (`x`, `y`).
    func pixel(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Pixels in rows `rows` and columns `columns` farther than `tolerance` (per channel) from `background`.
    func count(
        rows: Range<Int>, columns: Range<Int>? = nil, differingFrom background: (UInt8, UInt8, UInt8),
        tolerance: Int = 8
    ) -> Int {
        let xs = columns ?? 0..<width
        var n = 0
        for y in rows.clamped(to: 0..<height) {
            for x in xs.clamped(to: 0..<width) {
                let p = pixel(x, y)
                if abs(Int(p.r) - Int(background.0)) > tolerance || abs(Int(p.g) - Int(background.1)) > tolerance
                    || abs(Int(p.b) - Int(background.2)) > tolerance
                {
                    n += 1
                }
            }
        }
        return n
    }

    /// Pixels within `tolerance` of `colour`.
    func count(near colour: (UInt8, UInt8, UInt8), tolerance: Int = 12) -> Int {
        var n = 0
        for p in stride(from: 0, to: pixels.count, by: 3) {
            if abs(Int(pixels[p]) - Int(colour.0)) <= tolerance && abs(Int(pixels[p + 1]) - Int(colour.1)) <= tolerance
                && abs(Int(pixels[p + 2]) - Int(colour.2)) <= tolerance
            {
                n += 1
            }
        }
        return n
    }

    /// A big-endian 32-bit number at `at`.
    private static func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// zlib-inflates `data` with python3's standard library.
    private static func inflate(_ data: [UInt8]) throws -> [UInt8] {
        let dir = try Run.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.z")
        let output = dir.appendingPathComponent("out.raw")
        try Data(data).write(to: input)
        let script = "import sys, zlib; open(sys.argv[2], 'wb').write(zlib.decompress(open(sys.argv[1], 'rb').read()))"
        let run = try Run.command("/usr/bin/python3", ["-c", script, input.path, output.path])
        guard run.status == 0 else { throw PNGError("python3 zlib failed: \(run.err)") }
        return [UInt8](try Data(contentsOf: output))
    }
}

/// A PNG that cannot be read.
struct PNGError: Error, CustomStringConvertible {
    /// What is wrong.
    var description: String

    /// Creates one.
    init(_ description: String) { self.description = description }
}
