import Dispatch
import EditorialCore
import Foundation

extension Daemon {
    /// TERM and INT stop, HUP reloads; the default actions are ignored so only the sources see them.
    func installSignals() {
        for (number, action) in [(SIGTERM, "stop"), (SIGINT, "stop"), (SIGHUP, "reload")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in
                if action == "stop" { self.stop(signal: number) } else { self.reload() }
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Pings the watchdog from the scheduler queue itself, so a stuck queue trips it.
    func startWatchdog() {
        guard let interval = notifier.watchdogInterval else { return }
        let timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        let nanoseconds =
            Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
        timer.schedule(
            deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds),
            leeway: .nanoseconds(nanoseconds / 10))
        timer.setEventHandler { [unowned self] in self.notifier.watchdog() }
        timer.resume()
        watchdogTimer = timer
    }

    /// Opens the control socket (systemd's, else bound at the configured path); a failure is logged and the
    /// daemon runs on without it.
    func startControl() {
        let (access, unknown) = ControlAccess.resolve(users: config.controlUsers, groups: config.controlGroups)
        for name in unknown {
            logger.warning(
                "control access: the system has no \(name); it is ignored until it exists and editoriald restarts")
        }
        let bridge = ControlBridge(
            loop: loop, applier: applier, store: store, clock: clock, calendar: calendar, pace: pace,
            facts: { [unowned self] in facts },
            reload: { [unowned self] peer, reply in
                reload { [unowned self] result in
                    let detail = result.accepted ? result.summary ?? "" : "\(result.errorCount) errors"
                    applier.reloaded(by: peer, accepted: result.accepted, detail: detail, now: clock.seconds())
                    reply(result)
                }
            })
        do {
            control = try ControlServer(
                path: config.socketPath, inherited: ListenFDs.take().first?.fd, stateQueue: queue, access: access,
                limits: ControlLimits(idleTimeout: Int(config.controlIdleTimeout)), handler: bridge.handler)
            outlet.attach(control)
        } catch {
            logger.error("control socket unavailable: \(error)")
        }
    }
}
