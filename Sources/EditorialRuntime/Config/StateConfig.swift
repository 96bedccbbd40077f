import CPostgres
import EditorialCore
import Foundation
import Yams

/// Reads the `state:` settings of the config file, every problem positioned.
enum StateConfig {
    /// The keys of `state:`.
    static let keys = [
        "backend", "connection", "password-file", "password-credential", "timeout", "node", "lease", "renew",
    ]

    /// The backend a `state:` node names, or nil (with problems) when it cannot be used.
    static func read(_ node: Node, file: String, problems: inout [Diagnostic]) -> StateBackend? {
        guard let f = RouteConfig.mapping(node, "state", keys, file, &problems) else { return nil }
        let backendNode = f["backend"]?.1
        // Without backend:, a connection string means PostgreSQL.
        switch backendNode?.scalar?.string ?? (f["connection"] == nil ? "sqlite" : "postgresql") {
        case "sqlite":
            if let extra = RouteConfig.inOrder(f).first(where: { $0.0 != "backend" }) {
                problems.append(
                    RouteConfig.at(extra.1.0, file, "'\(extra.0)' is a setting of backend: postgresql, not of sqlite"))
                return nil
            }
            return .sqlite
        case "postgresql":
            break
        default:
            problems.append(RouteConfig.at(backendNode ?? node, file, "backend must be 'sqlite' or 'postgresql'"))
            return nil
        }
        guard let connectionNode = f["connection"]?.1, let connection = connectionNode.scalar?.string,
            !connection.isEmpty
        else {
            problems.append(
                RouteConfig.at(
                    f["connection"]?.1 ?? node, file,
                    "backend: postgresql needs connection: a libpq connection string, such as "
                        + "'host=db.example.com dbname=editoriald user=editoriald sslmode=verify-full'"))
            return nil
        }
        if let problem = check(connection) {
            problems.append(RouteConfig.at(connectionNode, file, problem))
            return nil
        }
        var settings = PostgresSettings(connection: connection)
        if f["password-file"] != nil, let credential = f["password-credential"]?.1 {
            problems.append(RouteConfig.at(credential, file, "give password-file or password-credential, not both"))
            return nil
        } else if let n = f["password-file"]?.1 {
            guard let path = n.scalar?.string, !path.isEmpty else {
                problems.append(
                    RouteConfig.at(n, file, "password-file needs a path (relative paths are relative to this file)"))
                return nil
            }
            let directory = (file as NSString).deletingLastPathComponent
            settings.password = .file(path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path)
        } else if let n = f["password-credential"]?.1 {
            guard let name = n.scalar?.string, RouteConfig.isName(name) else {
                problems.append(
                    RouteConfig.at(n, file, "password-credential is a credential name, as in LoadCredential=NAME:PATH"))
                return nil
            }
            settings.password = .credential(name)
        }
        if let n = f["timeout"]?.1 {
            guard let seconds = RouteConfig.duration(n, "timeout", file, &problems, minimum: 1, maximum: 300) else {
                return nil
            }
            settings.timeout = seconds
        }
        if let n = f["node"]?.1 {
            guard let name = n.scalar?.string, isNodeName(name) else {
                problems.append(
                    RouteConfig.at(
                        n, file, "node is a name of 1 to 63 letters, digits, '-', '_' or '.' (the host name by default)"
                    ))
                return nil
            }
            settings.node = name
        }
        if let n = f["lease"]?.1 {
            guard let seconds = RouteConfig.duration(n, "lease", file, &problems, minimum: 2, maximum: 600) else {
                return nil
            }
            settings.lease = seconds
        }
        if let n = f["renew"]?.1 {
            guard let seconds = RouteConfig.duration(n, "renew", file, &problems, minimum: 1, maximum: 300) else {
                return nil
            }
            settings.renew = seconds
        }
        if settings.renew * 2 > settings.lease {
            problems.append(
                RouteConfig.at(
                    f["renew"]?.1 ?? f["lease"]?.1 ?? node, file,
                    "renew (\(settings.renew) s) must be at most half of lease (\(settings.lease) s), so that one "
                        + "late renewal does not lose the lease"))
            return nil
        }
        return .postgresql(settings)
    }

    /// Whether `s` may name a node: 1 to 63 letters, digits, `-`, `_`, `.` (a host name's characters).
    static func isNodeName(_ s: String) -> Bool {
        (1...63).contains(s.utf8.count) && RouteConfig.isName(s)
    }

    /// Why libpq refuses `connection`, or why we do (a password in it), or nil.
    static func check(_ connection: String) -> String? {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connection, &message) else {
            let reason = message.map { String(cString: $0) } ?? "not a connection string"
            PQfreemem(message)
            return "libpq cannot read the connection string: "
                + reason.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", option.pointee.val != nil {
                return "the connection string must not hold the password (the config file is world-readable): "
                    + "give password-file: PATH (mode 0600) or password-credential: NAME (LoadCredential= in the unit)"
            }
            option += 1
        }
        return nil
    }
}
