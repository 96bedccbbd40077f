import EditorialCore
import Foundation
import Yams

/// Reads the `routes:` list and the `delivery:` settings of the config file, every problem positioned.
enum RouteConfig {
    /// The keys of one route.
    static let routeKeys = [
        "name", "events", "channels", "plans", "owners", "min-priority", "for", "webhook", "email", "exec",
    ]
    /// The keys of a webhook target.
    static let webhookKeys = ["url", "shape", "secret-file", "secret-credential", "timeout"]
    /// The keys of an e-mail target.
    static let emailKeys = ["from", "to", "sendmail", "timeout"]
    /// The keys of a command target.
    static let execKeys = ["command", "timeout"]
    /// The keys of `delivery:`.
    static let deliveryKeys = ["retry-initial", "retry-maximum", "give-up-after", "max-attempts", "concurrency"]
    /// The priorities `min-priority` takes, most severe first (syslog numbers 0–7).
    static let priorities = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]

    /// The routes of a `routes:` node.
    static func routes(_ node: Node, file: String, problems: inout [Diagnostic]) -> [Route] {
        guard case .sequence(let items) = node else {
            problems.append(
                at(node, file, "routes is a list of routes, each with a name and one of webhook, email, exec"))
            return []
        }
        var routes: [Route] = []
        var names: [String: Node] = [:]
        for item in items {
            guard let route = route(item, file: file, problems: &problems) else { continue }
            if let first = names[route.name] {
                problems.append(
                    at(item, file, "a route named '\(route.name)' is already defined at line \(line(first))"))
                continue
            }
            names[route.name] = item
            routes.append(route)
        }
        return routes
    }

    /// The retry policy and concurrency of a `delivery:` node, over `config`'s.
    static func delivery(_ node: Node, file: String, into config: inout DaemonConfig, problems: inout [Diagnostic]) {
        guard let fields = mapping(node, "delivery", deliveryKeys, file, &problems) else { return }
        for (key, (_, value)) in inOrder(fields) {
            switch key {
            case "retry-initial", "retry-maximum", "give-up-after":
                guard let seconds = duration(value, key, file, &problems, minimum: 1) else { continue }
                switch key {
                case "retry-initial": config.retry.initial = seconds
                case "retry-maximum": config.retry.maximum = seconds
                default: config.retry.giveUpAfter = seconds
                }
            case "max-attempts", "concurrency":
                guard let text = value.scalar?.string, let n = Int(text), n >= 1,
                    n <= (key == "concurrency" ? 64 : 1000)
                else {
                    let range = key == "concurrency" ? "1 to 64" : "1 to 1000"
                    problems.append(at(value, file, "\(key) must be a whole number from \(range)"))
                    continue
                }
                if key == "concurrency" { config.deliveryConcurrency = n } else { config.retry.maxAttempts = n }
            default: break
            }
        }
        if config.retry.initial > config.retry.maximum {
            problems.append(at(node, file, "retry-initial must not be longer than retry-maximum"))
        }
    }

    private static func route(_ node: Node, file: String, problems: inout [Diagnostic]) -> Route? {
        guard let f = mapping(node, "a route", routeKeys, file, &problems) else { return nil }
        guard let nameNode = f["name"]?.1 else {
            problems.append(at(node, file, "a route needs a name (people list routes by name)"))
            return nil
        }
        guard let name = nameNode.scalar?.string, isName(name) else {
            problems.append(
                at(nameNode, file, "a route name is letters, digits, '-', '_' and '.', starting with a letter or digit")
            )
            return nil
        }
        let targets = ["webhook", "email", "exec"].filter { f[$0] != nil }
        guard targets.count == 1 else {
            problems.append(
                at(
                    node, file,
                    targets.isEmpty
                        ? "route '\(name)' needs one target: webhook, email or exec"
                        : "route '\(name)' has more than one target (\(targets.joined(separator: ", "))); give each its own route"
                ))
            return nil
        }
        let before = problems.count
        var route = Route(name: name, target: .exec(RouteTarget.Exec(command: ["/bin/false"])))
        if let n = f["events"]?.1 {
            route.events = Set(names(n, "events", file, &problems, allowed: DeliveryEvent.kinds))
        }
        if let n = f["channels"]?.1 { route.channels = Set(names(n, "channels", file, &problems)) }
        if let n = f["plans"]?.1 { route.plans = Set(names(n, "plans", file, &problems)) }
        if let n = f["owners"]?.1 { route.owners = Set(names(n, "owners", file, &problems)) }
        if let n = f["min-priority"]?.1 {
            if let text = n.scalar?.string, let level = priorities.firstIndex(of: text) {
                route.minimumPriority = level
            } else {
                problems.append(
                    at(
                        n, file,
                        "min-priority must be one of warning, notice, info (or another syslog level: \(priorities.joined(separator: ", ")))"
                    ))
            }
        }
        if let n = f["for"]?.1 {
            if let text = n.scalar?.string, let audience = RouteAudience(rawValue: text) {
                route.audience = audience
            } else {
                problems.append(
                    at(
                        n, file,
                        "for must be 'everyone' (one delivery per event) or 'owners' (one per owner who lists the route)"
                    ))
            }
        }
        if let n = f["webhook"]?.1, let target = webhook(n, name, file, &problems) { route.target = .webhook(target) }
        if let n = f["email"]?.1, let target = email(n, name, route.audience, file, &problems) {
            route.target = .email(target)
        }
        if let n = f["exec"]?.1, let target = exec(n, file, &problems) { route.target = .exec(target) }
        return problems.count == before ? route : nil
    }

    private static func webhook(_ node: Node, _ route: String, _ file: String, _ problems: inout [Diagnostic])
        -> RouteTarget.Webhook?
    {
        if node.mapping?.keys.contains(where: { $0.string == "secret" }) == true {
            let key = node.mapping!.keys.first { $0.string == "secret" }!
            problems.append(
                at(
                    key, file,
                    "a webhook secret never goes in the config file (it is world-readable): use secret-file: PATH "
                        + "(mode 0600) or secret-credential: NAME (LoadCredential= in the unit)"))
            return nil
        }
        guard let f = mapping(node, "webhook", webhookKeys, file, &problems) else { return nil }
        guard let urlNode = f["url"]?.1 else {
            problems.append(at(node, file, "webhook needs url: (http:// or https://)"))
            return nil
        }
        guard let url = urlNode.scalar?.string, let parsed = URL(string: url),
            let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https", parsed.host != nil
        else {
            problems.append(at(urlNode, file, "webhook url must be an http:// or https:// URL with a host"))
            return nil
        }
        var target = RouteTarget.Webhook(url: url)
        if let n = f["shape"]?.1 {
            if let text = n.scalar?.string, let shape = WebhookShape(rawValue: text) {
                target.shape = shape
            } else {
                problems.append(
                    at(n, file, "shape must be 'generic' (the event's fields) or 'slack' (Slack/Mattermost)"))
            }
        }
        if let file1 = f["secret-file"]?.1, let credential = f["secret-credential"]?.1 {
            _ = file1
            problems.append(at(credential, file, "give secret-file or secret-credential, not both"))
        } else if let n = f["secret-file"]?.1 {
            if let path = n.scalar?.string, !path.isEmpty {
                // Relative to the config file, like every path in it.
                let directory = (file as NSString).deletingLastPathComponent
                target.secret = .file(path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path)
            } else {
                problems.append(at(n, file, "secret-file needs a path (relative paths are relative to this file)"))
            }
        } else if let n = f["secret-credential"]?.1 {
            if let name = n.scalar?.string, isName(name) {
                target.secret = .credential(name)
            } else {
                problems.append(at(n, file, "secret-credential is a credential name, as in LoadCredential=NAME:PATH"))
            }
        }
        if let n = f["timeout"]?.1, let seconds = duration(n, "timeout", file, &problems, minimum: 1, maximum: 300) {
            target.timeout = Double(seconds)
        }
        return target
    }

    private static func email(
        _ node: Node, _ route: String, _ audience: RouteAudience, _ file: String, _ problems: inout [Diagnostic]
    ) -> RouteTarget.Email? {
        guard let f = mapping(node, "email", emailKeys, file, &problems) else { return nil }
        guard let fromNode = f["from"]?.1, let from = fromNode.scalar?.string, MailMessage.address(from) != nil else {
            problems.append(
                at(
                    f["from"]?.1 ?? node, file,
                    "email needs from: an address, such as 'editoriald <editoriald@example.com>'"))
            return nil
        }
        var target = RouteTarget.Email(from: from)
        if let n = f["to"]?.1 {
            let list = names(n, "to", file, &problems)
            for (address, item) in zip(list, n.sequence.map(Array.init) ?? [n])
            where MailMessage.address(address) == nil {
                problems.append(at(item, file, "'\(address)' is not an e-mail address"))
            }
            target.to = list
        }
        if target.to.isEmpty && audience != .owners {
            problems.append(
                at(
                    node, file,
                    "route '\(route)' needs to: (fixed addresses), or for: owners to mail each owner at the address people: gives"
                ))
        }
        if let n = f["sendmail"]?.1, let command = command(n, "sendmail", file, &problems) { target.sendmail = command }
        if let n = f["timeout"]?.1, let seconds = duration(n, "timeout", file, &problems, minimum: 1, maximum: 600) {
            target.timeout = Double(seconds)
        }
        return target
    }

    private static func exec(_ node: Node, _ file: String, _ problems: inout [Diagnostic]) -> RouteTarget.Exec? {
        guard let f = mapping(node, "exec", execKeys, file, &problems) else { return nil }
        guard let n = f["command"]?.1 else {
            problems.append(at(node, file, "exec needs command: [/absolute/program, arguments…] (no shell is used)"))
            return nil
        }
        guard let command = command(n, "command", file, &problems) else { return nil }
        var target = RouteTarget.Exec(command: command)
        if let n = f["timeout"]?.1, let seconds = duration(n, "timeout", file, &problems, minimum: 1, maximum: 3600) {
            target.timeout = Double(seconds)
        }
        return target
    }

    private static func command(_ node: Node, _ key: String, _ file: String, _ problems: inout [Diagnostic])
        -> [String]?
    {
        guard case .sequence(let list) = node, !list.isEmpty else {
            problems.append(
                at(node, file, "\(key) is a list: the program's absolute path, then its arguments (no shell is used)"))
            return nil
        }
        let items = Array(list)
        let words = items.compactMap { $0.scalar?.string }
        guard words.count == items.count else {
            problems.append(at(node, file, "\(key) lists words (strings)"))
            return nil
        }
        guard words[0].hasPrefix("/") else {
            problems.append(at(items[0], file, "\(key) starts with the program's absolute path, not '\(words[0])'"))
            return nil
        }
        return words
    }

    /// The fields of `mapping(…)` in the order they are written, so that problems are reported in file order.
    static func inOrder(_ fields: [String: (Node, Node)]) -> [(String, (Node, Node))] {
        fields.sorted { a, b in
            (a.value.0.mark?.line ?? 0, a.value.0.mark?.column ?? 0) < (
                b.value.0.mark?.line ?? 0, b.value.0.mark?.column ?? 0
            )
        }.map { ($0.key, $0.value) }
    }

    static func mapping(
        _ node: Node, _ what: String, _ allowed: [String], _ file: String, _ problems: inout [Diagnostic]
    ) -> [String: (Node, Node)]? {
        guard case .mapping(let m) = node else {
            problems.append(at(node, file, "\(what) must be a mapping of keys to values"))
            return nil
        }
        var result: [String: (Node, Node)] = [:]
        for (k, v) in m {
            let key = k.string ?? ""
            guard allowed.contains(key) else {
                let hint = Suggestion.nearest(to: key, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
                problems.append(at(k, file, "unknown key '\(key)' in \(what)\(hint)"))
                continue
            }
            result[key] = (k, v)
        }
        return result
    }

    private static func names(
        _ node: Node, _ key: String, _ file: String, _ problems: inout [Diagnostic], allowed: [String]? = nil
    ) -> [String] {
        let items: [Node]
        if case .sequence(let list) = node { items = Array(list) } else { items = [node] }
        var result: [String] = []
        for item in items {
            guard let text = item.scalar?.string, !text.isEmpty else {
                problems.append(at(item, file, "\(key) lists names"))
                continue
            }
            if let allowed, !allowed.contains(text) {
                let hint = Suggestion.nearest(to: text, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
                problems.append(
                    at(item, file, "unknown event '\(text)' (one of \(allowed.joined(separator: ", ")))\(hint)"))
                continue
            }
            result.append(text)
        }
        return result
    }

    static func duration(
        _ node: Node, _ key: String, _ file: String, _ problems: inout [Diagnostic], minimum: Int64,
        maximum: Int64 = 31 * 86_400
    ) -> Int64? {
        guard let text = node.scalar?.string else {
            problems.append(at(node, file, "\(key) is a duration, such as PT30S or P1D"))
            return nil
        }
        do throws(NominalDurationError) {
            let seconds = Int64(try NominalDuration(parsing: text).approximateSeconds)
            guard seconds >= minimum && seconds <= maximum else {
                problems.append(at(node, file, "\(key) must be from \(minimum) s to \(maximum) s"))
                return nil
            }
            return seconds
        } catch {
            problems.append(at(node, file, error.message))
            return nil
        }
    }

    /// Whether `s` is a systemd credential name (letters, digits, `-`, `_`, `.`; a letter or digit first).
    static func isName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else {
            return false
        }
        return s.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    private static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    static func at(_ node: Node, _ file: String, _ message: String) -> Diagnostic {
        Diagnostic(
            .error, .invalidValue,
            at: SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1), message)
    }
}
