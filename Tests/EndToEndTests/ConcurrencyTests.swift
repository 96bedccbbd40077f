import EditorialClient
import EditorialCore
import EditorialRuntime
import Foundation
import Synchronization
import Testing

/// Many clients at once while reminders fire: every client is answered, every reminder goes out once.
struct ConcurrencyTests {
    @Test func fiveHundredClientsAtOnceWhileRemindersFire() throws {
        let now = LiveDaemon.now()
        let base = now + 4
        let posts = (0..<8).map { i in
            "  - {id: p\(i), channel: blog, at: \(LocalDateTime(secondsSinceEpochAsUTC: base + Int64(i / 2)).description), title: Post \(i)}"
        }
        let plan = """
            plan: burst
            kind: communication
            timezone: UTC
            period: {from: \(LocalDateTime(secondsSinceEpochAsUTC: now - 86_400).date), until: \(LocalDateTime(secondsSinceEpochAsUTC: now + 86_400).date)}
            reminders: [PT0S]
            channels: [{id: blog, network: blog}]
            posts:
            \(posts.joined(separator: "\n"))

            """
        let d = try LiveDaemon(plans: ["burst.yaml": plan])
        let clients = 500
        let answered = Mutex(0)
        let failures = Mutex([String]())
        let group = DispatchGroup()
        // Released together at the first due time, so the requests meet the firing.
        let startAt = Date(timeIntervalSince1970: Double(base))
        let socket = d.socket
        var threads: [Thread] = []
        for i in 0..<clients {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                Thread.sleep(until: startAt)
                do {
                    let client = try ControlClient(path: socket)
                    let status = try client.call(.status, timeout: 60)
                    let overdue = try client.call(.overdue, ["limit": .int(10)], timeout: 60)
                    guard status["daemon"]?.string == "editoriald", overdue["items"] != nil else {
                        failures.withLock { $0.append("client \(i): \(status.compact)") }
                        return
                    }
                    answered.withLock { $0 += 1 }
                } catch {
                    failures.withLock { $0.append("client \(i): \(error)") }
                }
            }
            thread.stackSize = 256 * 1024
            threads.append(thread)
        }
        for thread in threads { thread.start() }
        #expect(group.wait(timeout: .now() + 120) == .success)
        #expect(answered.withLock { $0 } == clients, "\(failures.withLock { $0.prefix(5) })")
        // Every post's due notice is sent, once.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && d.log.components(separatedBy: "EDITORIAL_REMINDER_KEY=burst/").count - 1 < 8 {
            // Reminders fire on the daemon's clock: poll the log until they are all there.
            Thread.sleep(forTimeInterval: 0.05)
        }
        for i in 0..<8 {
            #expect(d.log.components(separatedBy: "EDITORIAL_REMINDER_KEY=burst/p\(i)!PT0S").count - 1 == 1, "p\(i)")
        }
        let stats = try JSONParser.parse(try d.ctl("status", "--json").out)
        #expect((stats["control"]?["replies"]?.int ?? 0) >= Int64(2 * clients))
    }
}
