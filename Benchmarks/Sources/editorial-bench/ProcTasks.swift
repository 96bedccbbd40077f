import Foundation

/// Reads another process's figures from `/proc`: memory from `/proc/PID/status`, context switches from every
/// thread's `/proc/PID/task/TID/status`.
enum ProcTasks {
    /// Voluntary and involuntary context switches of one thread, with its name.
    struct Switches {
        /// The thread's name (`comm`).
        var name: String
        /// `voluntary_ctxt_switches`: the thread blocked (slept, waited) and was woken later.
        var voluntary: Int
        /// `nonvoluntary_ctxt_switches`: the thread was preempted.
        var involuntary: Int
    }

    /// The context switches of every thread of `pid`, by thread id.
    static func switches(of pid: pid_t) -> [Int: Switches] {
        let directory = "/proc/\(pid)/task"
        guard let tids = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [:] }
        var result: [Int: Switches] = [:]
        for tid in tids {
            guard let id = Int(tid),
                let text = try? String(contentsOfFile: "\(directory)/\(tid)/status", encoding: .utf8)
            else { continue }
            let name = field(text, "Name:") ?? "?"
            let voluntary = field(text, "voluntary_ctxt_switches:").flatMap { Int($0) } ?? 0
            let involuntary = field(text, "nonvoluntary_ctxt_switches:").flatMap { Int($0) } ?? 0
            result[id] = Switches(name: name, voluntary: voluntary, involuntary: involuntary)
        }
        return result
    }

    /// CPU seconds `pid` has used so far (user + system, from `/proc/PID/stat`), `nil` once it is gone.
    static func cpuSeconds(of pid: pid_t) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is the 3rd of the line, utime the 14th, stime the 15th.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A `kB` field of `/proc/PID/status` (`VmHWM:`, `VmRSS:`) in MB.
    static func megabytes(_ name: String, of pid: pid_t) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let value = field(text, name)
        else { return nil }
        return Double(value.filter(\.isNumber)).map { $0 / 1024 }
    }

    /// The value after `name` on the line that starts with it, trimmed.
    private static func field(_ text: String, _ name: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
