import Foundation

/// Epoch seconds as the plan format's UTC text (the generated plans use `timezone: UTC`).
enum TimeTextUTC {
    /// `YYYY-MM-DDTHH:MM:SS`.
    static func localStamp(_ t: Int64) -> String {
        let p = parts(t)
        return "\(date(t))T\(pad(p.tm_hour, 2)):\(pad(p.tm_min, 2)):\(pad(p.tm_sec, 2))"
    }

    /// `YYYY-MM-DD`.
    static func date(_ t: Int64) -> String {
        let p = parts(t)
        return "\(pad(p.tm_year + 1900, 4))-\(pad(p.tm_mon + 1, 2))-\(pad(p.tm_mday, 2))"
    }

    private static func parts(_ t: Int64) -> tm {
        var seconds = time_t(t)
        var p = tm()
        gmtime_r(&seconds, &p)
        return p
    }

    private static func pad(_ value: Int32, _ width: Int) -> String { String(value).leftPadded(to: width) }
}
