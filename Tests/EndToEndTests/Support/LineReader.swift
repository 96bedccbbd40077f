import Foundation

/// Reads lines from a pipe with a bound on each wait.
final class LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Reads from `handle`.
    init(_ handle: FileHandle) { fd = handle.fileDescriptor }

    /// The next line without its newline, or `nil` after `timeout` seconds or at end of file.
    func line(timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(left * 1000)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { return nil }
            buffer += chunk[0..<n]
        }
    }
}
