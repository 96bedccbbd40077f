import Dispatch
import EditorialCore
import Foundation
import Synchronization

/// Reads plan files and directories (as named on a command line or in the config) into sources for the core.
public enum PlanFiles {
    /// The YAML files named by `paths` (directories are searched recursively for `*.yaml` and `*.yml`, in
    /// name order; `-` is standard input), read as text; what cannot be read becomes an `unreadable` error.
    /// Files are read by `reader` (its size limit, and a file that changes while it is read is read again).
    public static func load(
        _ paths: [String], reader: PlanFileReader = PlanFileReader()
    ) -> (sources: [PlanSource], problems: [Diagnostic]) {
        let (found, problems) = find(paths, reader: reader)
        return (
            found.compactMap { if case .read(let source, _) = $0 { source } else { nil } }, problems
        )
    }

    /// A file `find(_:reader:kept:)` found.
    public enum Found: Sendable {
        /// Read: its text, with its stamp when it had settled before it was read.
        case read(PlanSource, PlanFileReader.Stamp?)
        /// Not read: `kept` had the parse of the version with the file's stamp.
        case kept(path: String, ParsedFile)

        /// The file's path.
        public var path: String {
            switch self {
            case .read(let source, _): source.path
            case .kept(let path, _): path
            }
        }
    }

    /// As `load(_:reader:)`, but a file for which `kept` gives a parse (asked with the file's stamp, before it is
    /// read) is not read: a reload of a million posts read 80 MB to find one file of 100 edited.
    public static func find(
        _ paths: [String], reader: PlanFileReader = PlanFileReader(),
        kept: (@Sendable (_ path: String, _ stamp: PlanFileReader.Stamp) -> ParsedFile?)? = nil
    ) -> (found: [Found], problems: [Diagnostic]) {
        var found: [Found] = []
        var problems: [Diagnostic] = []
        let fm = FileManager.default
        for path in paths {
            if path == "-" {
                var data = Data()
                while data.count <= reader.limit, let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 20),
                    !chunk.isEmpty
                {
                    data.append(chunk)
                }
                guard data.count <= reader.limit else {
                    problems.append(unreadable("<stdin>", "standard input is larger than \(reader.limit >> 20) MiB"))
                    continue
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    problems.append(unreadable("<stdin>", "standard input is not UTF-8 text"))
                    continue
                }
                found.append(.read(PlanSource(path: "<stdin>", text: text), nil))
                continue
            }
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(unreadable(path, "no such file or directory"))
                continue
            }
            let files: [String]
            if isDirectory.boolValue {
                guard let walker = fm.enumerator(atPath: path) else {
                    problems.append(unreadable(path, "cannot list the directory"))
                    continue
                }
                var found: [String] = []
                while let relative = walker.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    if name.hasPrefix(".") {
                        walker.skipDescendants()
                        continue
                    }
                    if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                        found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
                    }
                }
                files = found.sorted()
            } else {
                files = [path]
            }
            // Read in parallel (at a million posts, 80 MB read and checked as UTF-8 were a third of a reload),
            // kept in name order.
            let read = Mutex<[Int: Result<Found, PlanFileReader.Failure>]>([:])
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                let file = files[i]
                let result: Result<Found, PlanFileReader.Failure>
                if let kept, let stamp = PlanFileReader.Stamp(path: file), let parsed = kept(file, stamp) {
                    result = .success(.kept(path: file, parsed))
                } else {
                    result = reader.readStamped(file).map { .read(PlanSource(path: file, text: $0.text), $0.stamp) }
                }
                read.withLock { $0[i] = result }
            }
            let results = read.withLock { $0 }
            for (i, file) in files.enumerated() {
                switch results[i]! {
                case .success(let one): found.append(one)
                case .failure(let failure): problems.append(unreadable(file, failure.reason))
                }
            }
        }
        return (found, problems)
    }

    private static func unreadable(_ path: String, _ why: String) -> Diagnostic {
        Diagnostic(.error, .unreadable, at: SourceLocation(file: path, line: 1, column: 1), "cannot read: \(why)")
    }
}
