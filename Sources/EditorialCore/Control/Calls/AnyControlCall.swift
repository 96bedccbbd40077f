/// A parsed request read as its typed call: what the daemon answers.
public enum AnyControlCall: Sendable {
    /// `status`.
    case status(StatusCall)
    /// `agenda`.
    case agenda(AgendaCall)
    /// `overdue` or `blocked`.
    case list(ListCall)
    /// `show`.
    case show(ShowCall)
    /// `gate`.
    case gate(GateCall)
    /// `export`.
    case export(ExportCall)
    /// `done`, `publish`, `skip`, `snooze` or `reopen`.
    case change(ChangeCall)
    /// `ack`.
    case ack(AckCall)
    /// `reload`.
    case reload(ReloadCall)
    /// `watch`.
    case watch(WatchCall)
    /// `outbox`.
    case outbox(OutboxCall)
    /// `retry`.
    case retry(RetryCall)
    /// `pace`.
    case pace(PaceCall)
    /// `grid`.
    case grid(GridCall)
    /// `simulate`.
    case simulate(SimulateCall)

    /// Reads the request's arguments into its command's call.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        switch request.command {
        case .status: self = .status(try BareCall(request))
        case .agenda: self = .agenda(try AgendaCall(request))
        case .overdue, .blocked: self = .list(try ListCall(request))
        case .show: self = .show(try ItemCall(request))
        case .gate: self = .gate(try ItemCall(request))
        case .export: self = .export(try ExportCall(request))
        case .done, .publish, .skip, .snooze, .reopen: self = .change(try ChangeCall(request))
        case .ack: self = .ack(try AckCall(request))
        case .reload: self = .reload(try BareCall(request))
        case .watch: self = .watch(try BareCall(request))
        case .outbox: self = .outbox(try OutboxCall(request))
        case .retry: self = .retry(try RetryCall(request))
        case .pace: self = .pace(try PaceCall(request))
        case .grid: self = .grid(try GridCall(request))
        case .simulate: self = .simulate(try SimulateCall(request))
        }
    }
}
