/// The fixed 128-bit journal `MESSAGE_ID`s of editoriald's events; `systemd/` holds their catalog entries.
///
/// The raw values never change: the message catalog, `journalctl MESSAGE_ID=…` queries and people's
/// alerting rules depend on them.
public enum MessageID: String, CaseIterable, Sendable {
    /// A reminder for an item fired at one of its lead times.
    case reminder = "3fa6e85f4323446890c8c82a8342d806"
    /// An item became due.
    case due = "38dba74278ee48349d8f62e83ef3c9ba"
    /// An item is overdue.
    case overdue = "8d346a468b1c4d5da855711e3eeb3f8e"
    /// An item is blocked by a prerequisite.
    case blocked = "ae1d97b0f578486288013ceb2bc918c3"
    /// A blocked item is no longer blocked.
    case unblocked = "6378604543d3486988c0fb11dfa84c6c"
    /// A plan is due for renewal.
    case renewal = "0f6debbfa87a44e381fe1d96eed361d3"
    /// Plans were loaded (at start or on reload).
    case plansLoaded = "c25336eedef149e4811866995fc6a300"
    /// Plans were rejected; the last good plans stay in force.
    case plansRejected = "0a5c4c54c63d4fa2ae09d92b262f02a4"
    /// A summary of what was caught up after the daemon was down or the clock jumped.
    case catchUp = "e1d9737b32f844e49d49a7a0c0dd50ab"
    /// The daemon started.
    case started = "f5fd50cfcafe40e2af5ac61d66fda96f"
    /// The daemon is stopping.
    case stopping = "092f18a460a84d968e2c55ad7430050e"
    /// The wall clock changed (jumped or the time zone changed).
    case clockChanged = "bc36ccaed92e4fdcb05999e21fe80459"
    /// Someone changed an item's state over the control socket (done, published, skipped, snoozed,
    /// reopened, acknowledged).
    case stateChanged = "765e0b673e2c41bab3b058766aa8a8bb"
    /// A state change over the control socket was refused to a peer without the right.
    case controlRefused = "58e8325eee7c46db9d644351242c9e26"
    /// A delivery to a route (webhook, e-mail, command) was given up on.
    case deliveryDead = "60b96e25c86c412abeedbf71673bae33"
    /// A person's daily digest: due today, overdue, and what their late items block.
    case digest = "ed1621b5a63642e29c9eabb2c74ba89c"
    /// A page's weekly pace: what was due over the last weeks, what went out on time, and the verdict.
    case pace = "62e3ca49f2a049198e7ecf12d1f3cdae"
    /// A daemon sharing its database took the scheduler lease (it fires now) or lost it (it follows).
    case leadership = "8ac1fac1ed11405fb860aaa38dd7868a"
    /// A daemon sharing its database cannot lead: its plans differ from the cluster's, or the database is out of
    /// reach (then it fires nothing and answers from its last snapshot).
    case clusterProblem = "1e8e50e94df148ccb40749c34350670e"
}
