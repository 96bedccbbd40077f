import EditorialCore
import Foundation

/// What is wrong with the routes as the plans' people stand, checked at start and after each reload: each a
/// warning in the journal, and firing goes on (deliveries that cannot go out retry, then die, visibly).
public enum RouteWarnings {
    /// The warnings for `routes` and `people`.
    public static func check(_ routes: [Route], people: [String: Person], environment: [String: String])
        -> [JournalEntry]
    {
        var warnings: [JournalEntry] = []
        func warn(_ message: String, route: String?, at location: SourceLocation? = nil) {
            var fields: [JournalField] = []
            if let route { fields.append(JournalField("EDITORIAL_ROUTE", route)) }
            if let location {
                fields.append(JournalField("CODE_FILE", location.file))
                fields.append(JournalField("CODE_LINE", String(location.line)))
            }
            let place = location.map { "\($0): " } ?? ""
            warnings.append(JournalEntry(place + message, priority: .warning, fields: fields))
        }
        let names = Set(routes.map(\.name))
        for route in routes {
            for owner in route.owners.sorted() where people[owner] == nil {
                let hint =
                    Suggestion.nearest(to: owner, among: Array(people.keys)).map { "; did you mean '\($0)'?" } ?? ""
                warn(
                    "route '\(route.name)' names owner '\(owner)', whom no people: document declares\(hint)",
                    route: route.name)
            }
            switch route.target {
            case .webhook(let w):
                if let secret = w.secret, case .failure(let problem) = Secret.read(secret, environment: environment) {
                    warn(
                        "route '\(route.name)': \(problem.message); its deliveries wait and retry until it can be read",
                        route: route.name)
                }
            case .email(let m):
                if !FileManager.default.isExecutableFile(atPath: m.sendmail[0]) {
                    warn(
                        "route '\(route.name)': no sendmail at \(m.sendmail[0]): install an MTA (postfix, exim4, "
                            + "msmtp-mta) or set sendmail: in the route; its deliveries will fail", route: route.name)
                }
                if route.audience == .owners && m.to.isEmpty {
                    for person in people.values.sorted(by: { $0.id < $1.id })
                    where person.routes.contains(route.name) && person.email == nil {
                        warn(
                            "\(person.id) wants route '\(route.name)' but has no email: in people:", route: route.name,
                            at: person.location)
                    }
                }
            case .exec(let x):
                if !FileManager.default.isExecutableFile(atPath: x.command[0]) {
                    warn(
                        "route '\(route.name)': \(x.command[0]) is not an executable file; its deliveries will fail",
                        route: route.name)
                }
            }
        }
        // With no routes at all delivery is off, and the routes people want are only their wish for later.
        for person in people.values.sorted(by: { $0.id < $1.id }) where !routes.isEmpty {
            for name in person.routes where !names.contains(name) {
                let hint = Suggestion.nearest(to: name, among: Array(names)).map { "; did you mean '\($0)'?" } ?? ""
                warn(
                    "\(person.id) wants route '\(name)', which the daemon config does not define\(hint)", route: name,
                    at: person.location)
            }
        }
        return warnings
    }
}
