import Foundation

/// Debian's headless Chromium, run on a page file with a private profile and a bound on its run time: a
/// screenshot of the viewport as PNG, and the DOM as Chromium parsed it. Its GPU and D-Bus complaints on standard
/// error are ignored.
enum Chromium {
    /// The browser, when installed (`scripts/setup` installs Debian's `chromium`).
    static let binary: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Renders `page` (an HTML file) at `width`×`height` CSS pixels into `png`.
    static func screenshot(_ page: URL, to png: URL, width: Int = 1280, height: Int = 2000) throws {
        let run = try launch(["--screenshot=\(png.path)", "--window-size=\(width),\(height)", page.absoluteString])
        guard run.status == 0, FileManager.default.fileExists(atPath: png.path) else {
            throw ChromiumError("chromium --screenshot exited \(run.status): \(run.err.suffix(2000))")
        }
    }

    /// The DOM of `page` after parsing, serialized.
    static func dom(_ page: URL) throws -> String {
        let run = try launch(["--dump-dom", page.absoluteString])
        guard run.status == 0, !run.out.isEmpty else {
            throw ChromiumError("chromium --dump-dom exited \(run.status): \(run.err.suffix(2000))")
        }
        return run.out
    }

    /// Runs Chromium headless with a profile and a home of its own in a temporary directory, killed after
    /// `seconds` (coreutils `timeout`, then SIGKILL 5 s later).
    private static func launch(_ arguments: [String], seconds: Int = 90) throws -> Run {
        guard let binary else { throw ChromiumError("chromium is not installed (scripts/setup installs it)") }
        let home = try Run.directory([:])
        defer { try? FileManager.default.removeItem(at: home) }
        let flags = [
            "-k", "5", String(seconds), binary, "--headless", "--no-sandbox", "--disable-gpu",
            "--user-data-dir=\(home.path)/profile", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
        ]
        return try Run.command(
            "/usr/bin/timeout", flags + arguments,
            environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "XDG_CACHE_HOME": home.path])
    }
}

/// Chromium did not render.
struct ChromiumError: Error, CustomStringConvertible {
    /// What happened.
    var description: String

    /// Creates one.
    init(_ description: String) { self.description = description }
}
