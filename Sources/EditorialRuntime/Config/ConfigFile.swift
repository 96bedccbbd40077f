import EditorialCore
import Foundation
import Yams

/// Reads `editoriald.yaml`: every key optional, every error positioned, relative paths resolved against the
/// file's own directory (so `plans: plans` next to the file works from any working directory).
public enum ConfigFile {
    /// The keys a config file may have.
    public static let keys = [
        "plans", "state-directory", "socket", "reminders", "catch-up-horizon", "overdue-after", "log-level",
        "log-target", "control-users", "control-groups", "control-idle-timeout", "calendar-directory", "routes",
        "delivery", "pace", "state",
    ]

    /// Log levels, lowest first.
    public static let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Log targets.
    public static let targets = ["auto", "journal", "console"]

    /// Applies the file at `path` over `base`.
    public static func load(_ given: String, over base: DaemonConfig) throws(ConfigError) -> DaemonConfig {
        let path = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
        // A file handle, not `FileManager.contents`: that returns nil for character devices such as /dev/null,
        // which is a fine empty config.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            throw ConfigError([problem(path, 1, 1, "cannot read the config file (missing, or permissions?)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError([problem(path, 1, 1, "the config file is not UTF-8 text")])
        }
        return try parse(text, file: path, over: base)
    }

    /// Applies config text (named `file` in errors and used to resolve relative paths) over `base`.
    public static func parse(_ text: String, file: String, over base: DaemonConfig) throws(ConfigError)
        -> DaemonConfig
    {
        var config = base
        config.file = file
        var problems: [Diagnostic] = []
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw ConfigError([yamlProblem(error, file)])
        } catch {
            throw ConfigError([problem(file, 1, 1, "\(error)")])
        }
        guard let node else { return config }
        guard case .mapping(let mapping) = node else {
            throw ConfigError([at(node, file, "the config file must be a mapping of keys to values")])
        }
        let directory = (file as NSString).deletingLastPathComponent
        func path(_ value: String) -> String {
            value.hasPrefix("/") || directory.isEmpty ? value : directory + "/" + value
        }
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            if key == "routes" {
                config.routes = RouteConfig.routes(valueNode, file: file, problems: &problems)
                continue
            }
            if key == "pace" {
                PaceConfig.read(valueNode, file: file, into: &config.pace, problems: &problems)
                continue
            }
            if key == "state" {
                if let backend = StateConfig.read(valueNode, file: file, problems: &problems) {
                    config.stateBackend = backend
                }
                continue
            }
            if key == "delivery" {
                RouteConfig.delivery(valueNode, file: file, into: &config, problems: &problems)
                continue
            }
            guard let value = valueNode.scalar?.string else {
                if key == "reminders", case .sequence(let items) = valueNode {
                    var leads: [NominalDuration] = []
                    for item in items {
                        guard let text = item.scalar?.string else {
                            problems.append(at(item, file, "a lead time must be a duration such as P1D or PT1H"))
                            continue
                        }
                        do throws(NominalDurationError) {
                            leads.append(try NominalDuration(parsing: text))
                        } catch {
                            problems.append(at(item, file, error.message))
                        }
                    }
                    config.reminders = Array(Set(leads)).sorted(by: >)
                } else if key == "control-users" || key == "control-groups", case .sequence(let items) = valueNode {
                    var names: [String] = []
                    for item in items {
                        guard let text = item.scalar?.string, !text.isEmpty else {
                            problems.append(at(item, file, "\(key) lists user or group names (or numeric ids)"))
                            continue
                        }
                        names.append(text)
                    }
                    if key == "control-users" { config.controlUsers = names } else { config.controlGroups = names }
                } else if keys.contains(key) {
                    problems.append(at(valueNode, file, "'\(key)' takes a single value"))
                } else {
                    problems.append(unknown(keyNode, key, file))
                }
                continue
            }
            switch key {
            case "plans": config.plansDirectory = path(value)
            case "state-directory": config.stateDirectory = path(value)
            case "socket": config.socketPath = path(value)
            case "calendar-directory":
                if value.isEmpty {
                    problems.append(at(valueNode, file, "calendar-directory needs a directory path"))
                } else {
                    config.calendarDirectory = path(value)
                }
            case "control-users": config.controlUsers = [value]
            case "control-groups": config.controlGroups = [value]
            case "control-idle-timeout":
                do throws(NominalDurationError) {
                    let seconds = Int64(try NominalDuration(parsing: value).approximateSeconds)
                    if seconds >= 1 && seconds <= 86_400 {
                        config.controlIdleTimeout = seconds
                    } else {
                        problems.append(at(valueNode, file, "control-idle-timeout must be from PT1S to P1D"))
                    }
                } catch {
                    problems.append(at(valueNode, file, error.message))
                }
            case "catch-up-horizon", "overdue-after":
                do throws(NominalDurationError) {
                    let d = try NominalDuration(parsing: value)
                    if key == "catch-up-horizon" {
                        config.catchUpHorizon = Int64(d.approximateSeconds)
                    } else {
                        config.overdueAfter = Int64(d.approximateSeconds)
                    }
                } catch {
                    problems.append(at(valueNode, file, error.message))
                }
            case "log-level":
                if levels.contains(value) {
                    config.logLevel = value
                } else {
                    problems.append(at(valueNode, file, "log-level must be one of \(levels.joined(separator: ", "))"))
                }
            case "log-target":
                if targets.contains(value) {
                    config.logTarget = value
                } else {
                    problems.append(at(valueNode, file, "log-target must be auto, journal or console"))
                }
            case "reminders":
                problems.append(at(valueNode, file, "reminders is a list, such as [P1D, PT1H, PT0S]"))
            default:
                problems.append(unknown(keyNode, key, file))
            }
        }
        if !problems.isEmpty { throw ConfigError(problems) }
        return config
    }

    private static func unknown(_ node: Node, _ key: String, _ file: String) -> Diagnostic {
        let hint = Suggestion.nearest(to: key, among: keys).map { "; did you mean '\($0)'?" } ?? ""
        return at(node, file, "unknown key '\(key)'\(hint)")
    }

    private static func at(_ node: Node, _ file: String, _ message: String) -> Diagnostic {
        problem(file, node.mark?.line ?? 1, node.mark?.column ?? 1, message)
    }

    private static func problem(_ file: String, _ line: Int, _ column: Int, _ message: String) -> Diagnostic {
        Diagnostic(.error, .invalidValue, at: SourceLocation(file: file, line: line, column: column), message)
    }

    private static func yamlProblem(_ error: YamlError, _ file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return Self.problem(file, mark.line, mark.column, "YAML: \(text)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            return Self.problem(
                file, context.mark.line, context.mark.column, "the key '\(key)' appears more than once")
        default:
            return Self.problem(file, 1, 1, "YAML: \(error)")
        }
    }
}
