import EditorialCore
import Foundation

/// The scheduler lease and the node table of a database several daemons share, on a session of its own (so that
/// a renewal never waits behind a large commit). Every time is the database's (`now()`), never a node's: the
/// nodes' clocks may disagree, the lease does not. Calls are serialized by a lock.
public final class PostgresCluster: @unchecked Sendable {
    /// The database, for messages.
    public let location: String
    private let session: PostgresConnection
    private let lock = NSLock()

    /// A session to `store`'s database.
    public init(store: PostgreSQLStateStore) throws(StateStoreError) {
        location = store.location
        session = try store.session()
    }

    /// Records that `node` is alive, with its plans and role.
    public func beat(node: String, planHash: String, role: String) throws(StateStoreError) {
        try run { c throws(PostgresError) in
            try c.execute(
                """
                INSERT INTO editoriald_node (node, plan_hash, role, pid, started, seen)
                VALUES ($1, $2, $3, $4, now(), now())
                ON CONFLICT (node) DO UPDATE SET plan_hash = excluded.plan_hash, role = excluded.role,
                    started = CASE WHEN editoriald_node.pid = excluded.pid THEN editoriald_node.started ELSE now() END,
                    pid = excluded.pid, seen = now()
                """, [node, planHash, role, String(getpid())])
        }
    }

    /// The lease and the nodes seen within `within` seconds.
    public func view(within: Int64) throws(StateStoreError) -> ClusterView {
        try run { c throws(PostgresError) in
            let lease = try c.execute(
                """
                SELECT CASE WHEN expires > now() THEN holder END, incarnation, plan_hash,
                    extract(epoch FROM now() - renewed)::float8, extract(epoch FROM expires - now())::float8
                FROM editoriald_lease WHERE name = 'scheduler'
                """, retryable: true)
            let nodes = try c.execute(
                "SELECT node, plan_hash FROM editoriald_node WHERE seen > now() - $1 * interval '1 second' ORDER BY node",
                [String(within)], retryable: true)
            var view = ClusterView(
                live: (0..<nodes.count).map {
                    LeaderElection.Sighting(node: nodes.string($0, 0) ?? "", planHash: nodes.string($0, 1) ?? "")
                })
            if lease.count > 0 {
                view.leader = lease.string(0, 0)
                view.incarnation = lease.int64(0, 1)
                view.leaderPlanHash = lease.string(0, 2)
                view.leaseAge = lease.string(0, 3).flatMap(Double.init)
                view.expiresIn = lease.string(0, 4).flatMap(Double.init)
            }
            return view
        }
    }

    /// Takes the lease for `node` if it is free (expired, or never taken), for `seconds`: the grant, with a fencing
    /// token one above the last, or nil when a live leader holds it.
    public func acquire(node: String, planHash: String, seconds: Int64) throws(StateStoreError) -> LeaseGrant? {
        try run { c throws(PostgresError) in
            let rows = try c.execute(
                """
                INSERT INTO editoriald_lease (name, holder, incarnation, plan_hash, acquired, renewed, expires)
                VALUES ('scheduler', $1, 1, $2, now(), now(), now() + $3 * interval '1 second')
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,
                    incarnation = editoriald_lease.incarnation + 1, plan_hash = excluded.plan_hash,
                    acquired = now(), renewed = now(), expires = excluded.expires
                WHERE editoriald_lease.expires <= now()
                RETURNING incarnation
                """, [node, planHash, String(seconds)])
            return rows.count == 0 ? nil : rows.int64(0, 0).map { LeaseGrant(holder: node, incarnation: $0) }
        }
    }

    /// Extends the lease `grant` holds to `seconds` from now, publishing the holder's plans: false when the lease
    /// is no longer this grant's (it expired, and another node may have taken it).
    public func renew(_ grant: LeaseGrant, planHash: String, seconds: Int64) throws(StateStoreError) -> Bool {
        try run { c throws(PostgresError) in
            try c.execute(
                """
                UPDATE editoriald_lease SET renewed = now(), expires = now() + $4 * interval '1 second', plan_hash = $3
                WHERE name = 'scheduler' AND holder = $1 AND incarnation = $2 AND expires > now()
                """, [grant.holder, String(grant.incarnation), planHash, String(seconds)]
            ).affected == 1
        }
    }

    /// Gives the lease up (it expires now), so that another node need not wait for it; nothing when it is no
    /// longer this grant's.
    public func release(_ grant: LeaseGrant) throws(StateStoreError) {
        try run { c throws(PostgresError) in
            try c.execute(
                """
                UPDATE editoriald_lease SET expires = now()
                WHERE name = 'scheduler' AND holder = $1 AND incarnation = $2 AND expires > now()
                """, [grant.holder, String(grant.incarnation)])
        }
    }

    /// Closes the session.
    public func close() { lock.withLock { session.disconnect() } }

    @discardableResult
    private func run<T>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(StateStoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do throws(PostgresError) { return try body(session) } catch {
            throw PostgreSQLStateStore.storeError(error, location)
        }
    }
}
