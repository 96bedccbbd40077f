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
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF, &usage)
        #if canImport(Darwin)
            return Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
        #else
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
    static func phasePeakMegabytes() -> Double? {
        guard let f = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("VmHWM:") else { continue }
            let digits = text.dropFirst(6).filter(\.isNumber)
            return Double(String(digits)).map { $0 / 1024 }
        }
        return nil
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
