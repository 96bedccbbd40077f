import Foundation

/// A fresh directory under /tmp for one daemon run (plans, state, sockets), removed by ``remove()``.
struct TemporaryDirectory {
    /// Its absolute path.
    let path: String

    /// Creates `/tmp/editorial-bench-<name>.XXXXXX`.
    init(_ name: String) throws {
        var template = Array("/tmp/editorial-bench-\(name).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError("mkdtemp: \(String(cString: strerror(errno)))") }
        path = String(cString: made)
    }

    /// Creates a subdirectory and returns its path.
    func subdirectory(_ name: String) throws -> String {
        let sub = path + "/" + name
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        return sub
    }

    /// Deletes the directory and everything in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension TemporaryDirectory {
    /// editoriald's command line for a run in this directory: an empty config file here (the daemon refuses
    /// `--config /dev/null`: Foundation's `contents(atPath:)` returns nil for a character device), `plans`,
    /// the state directory `state`, the control socket, console logging, then `extra`.
    func daemonArguments(plans: String, state: String, extra: [String] = []) throws -> [String] {
        let config = path + "/editoriald.yaml"
        if !FileManager.default.fileExists(atPath: config) {
            try "# empty: built-in defaults and flags only\n".write(toFile: config, atomically: false, encoding: .utf8)
        }
        return [
            "--config", config, "--plans", plans, "--state-directory", state, "--socket", path + "/control.sock",
            "--log-target", "console",
        ] + extra
    }
}
