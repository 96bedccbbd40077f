import Foundation

/// Wall-clock timing and memory figures for the benchmarks.
enum Measure {
    /// Monotonic seconds since an arbitrary origin.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `body` and returns its result with the wall seconds it took.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = now()
        let value = try body()
        return (value, now() - start)
    }

    /// Peak resident set size of the process so far, in MB (getrusage `ru_maxrss`, KiB on Linux).
    ///
    /// Linux keeps `ru_maxrss` across `execve`, so under `swift run` (which execs the benchmark) it is at least
    /// the driver's own peak (about 120 MB here); `peakReport()` also gives the program's own `VmHWM`.
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        #if canImport(Darwin)
            getrusage(RUSAGE_SELF, &usage)
            return Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
        #else
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_maxrss) / 1024
        #endif
    }

    /// Resets the kernel's high-water mark of the resident set (`VmHWM`), so that `phasePeakMegabytes()` then
    /// reports the peak of one phase only. Linux only (`/proc/self/clear_refs`, value 5); false elsewhere.
    @discardableResult
    static func resetPhasePeak() -> Bool {
        guard let f = fopen("/proc/self/clear_refs", "w") else { return false }
        defer { fclose(f) }
        return fputs("5", f) >= 0
    }

    /// `VmHWM` from `/proc/self/status` in MB: the peak resident set since the last `resetPhasePeak()`.
    static func phasePeakMegabytes() -> Double? { statusMegabytes("VmHWM:") }

    /// `VmRSS` from `/proc/self/status` in MB: the resident set now.
    static func currentRSSMegabytes() -> Double? { statusMegabytes("VmRSS:") }

    /// A `kB` field of `/proc/self/status`, in MB; nil where there is no such file.
    private static func statusMegabytes(_ field: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            return Double(String(line.dropFirst(field.count).filter(\.isNumber))).map { $0 / 1024 }
        }
        return nil
    }

    /// `"X MB (getrusage ru_maxrss)"`, followed by this program's own high-water mark (`VmHWM`, which `execve`
    /// resets) when it is lower, as it is under `swift run`. Call it only when `resetPhasePeak()` was not used,
    /// or pass the largest phase peak as `ownPeak`.
    static func peakReport(ownPeak: Double? = nil) -> String {
        let maxRSS = peakRSSMegabytes()
        var text = "\(format(maxRSS, 1)) MB (getrusage ru_maxrss)"
        if let own = ownPeak ?? phasePeakMegabytes(), own.isFinite, own < maxRSS - 1 {
            text +=
                "; this program's own peak \(format(own, 1)) MB (VmHWM; ru_maxrss includes the process that "
                + "exec'd it, e.g. swift run)"
        }
        return text
    }

    /// The smallest value.
    static func best(_ values: [Double]) -> Double { values.min() ?? .nan }

    /// The median (mean of the two middle values for an even count).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    /// `value` with `digits` decimals.
    static func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
