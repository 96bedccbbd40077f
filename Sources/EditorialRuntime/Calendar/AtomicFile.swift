import Foundation

/// Replaces files so that a reader sees the old content or the new, never a mix, and a crash leaves one of the two
/// on disk: write a temporary file in the same directory, fsync it, rename it over the target, fsync the directory.
enum AtomicFile {
    /// A failed system call, with the path it was about.
    struct Failure: Error, CustomStringConvertible {
        /// What was being done, the path and `strerror`.
        let description: String

        init(_ what: String, _ path: String, errno code: Int32 = errno) {
            description = "\(what) \(path): \(String(cString: strerror(code)))"
        }
    }

    /// Writes `bytes` to `path` (mode 0644), creating missing parent directories (0755).
    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        _ = try write(to: path) { (sink: ([UInt8]) throws(Failure) -> Void) throws(Failure) in
            try sink(bytes)
            return true
        }
    }

    /// Writes what `produce` hands its sink, piece by piece, to `path` (mode 0644), so that a large file is never
    /// whole in memory; when `produce` returns false the temporary file is removed and `path` left as it was.
    /// Returns whether `path` was replaced.
    static func write(
        to path: String,
        _ produce: (_ sink: ([UInt8]) throws(Failure) -> Void) throws(Failure) -> Bool
    ) throws(Failure) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectories(directory)
        let name = (path as NSString).lastPathComponent
        var template = Array("\(directory)/.\(name).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure("cannot create a temporary file for", path) }
        // Glibc's mkostemp (O_CLOEXEC at once) is hidden from Swift; the daemon starts no child processes anyway.
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            func sink(_ bytes: [UInt8]) throws(Failure) {
                var offset = 0
                while offset < bytes.count {
                    let n = bytes.withUnsafeBytes {
                        Foundation.write(fd, $0.baseAddress! + offset, bytes.count - offset)
                    }
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw Failure("cannot write", temporary)
                    }
                    offset += n
                }
            }
            guard try produce(sink) else { return false }
            // mkostemp makes the file 0600; a web server reading the feeds needs 0644.
            guard fchmod(fd, 0o644) == 0 else { throw Failure("cannot chmod", temporary) }
            guard fsync(fd) == 0 else { throw Failure("cannot fsync", temporary) }
        }
        guard rename(temporary, path) == 0 else { throw Failure("cannot rename over", path) }
        ok = true
        try syncDirectory(directory)
        return true
    }

    /// Removes `path` and syncs its directory; a missing file is fine.
    static func remove(_ path: String) throws(Failure) {
        guard unlink(path) == 0 || errno == ENOENT else { throw Failure("cannot remove", path) }
        try syncDirectory((path as NSString).deletingLastPathComponent)
    }

    /// `mkdir -p` with mode 0755.
    static func makeDirectories(_ directory: String) throws(Failure) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue {
            return
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != directory { try makeDirectories(parent) }
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { throw Failure("cannot create", directory) }
        // The service runs with UMask=0077; a web server must be able to enter the directories it serves.
        _ = chmod(directory, 0o755)
    }

    private static func syncDirectory(_ directory: String) throws(Failure) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure("cannot open", directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Failure("cannot fsync", directory) }
    }
}
