import Foundation
import Testing

@testable import EditorialCore

/// Backoff with equal jitter, Retry-After and the two bounds, on a seeded generator (replay with
/// `RETRY_SEED=<seed>`).
struct DeliveryRetryPolicyTests {
    static let seed =
        ProcessInfo.processInfo.environment["RETRY_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...1 << 48)

    static func generator() -> SplitMix64 {
        print("DeliveryRetryPolicyTests seed \(seed)")
        return SplitMix64(state: seed)
    }

    @Test func defaults() {
        let policy = RetryPolicy()
        #expect(policy.initial == 30)
        #expect(policy.maximum == 3600)
        #expect(policy.giveUpAfter == 86400)
        #expect(policy.maxAttempts == 20)
    }

    @Test func delaysStayInTheirEqualJitterBoundsAndGrowToTheCap() {
        var random = Self.generator()
        let policy = RetryPolicy()
        var previousMean = 0.0
        for n in 1...25 {
            let d = min(3600, 30 * (Int64(1) << Int64(min(n - 1, 20))))
            #expect(policy.ceiling(afterAttempt: n) == d)
            let samples = (0..<2000).map { _ in policy.delay(afterAttempt: n, retryAfter: nil, random: &random) }
            let low = d - d / 2
            #expect(samples.allSatisfy { (low...d).contains($0) }, "attempt \(n), seed \(Self.seed)")
            // 2000 draws cover both ends of the range closely (the chance of missing by 2 % is negligible).
            let span = Double(d - low)
            #expect(Double(samples.min()! - low) <= span * 0.02, "attempt \(n), seed \(Self.seed)")
            #expect(Double(d - samples.max()!) <= span * 0.02, "attempt \(n), seed \(Self.seed)")
            let mean = Double(samples.reduce(0, +)) / Double(samples.count)
            if d < 3600 {
                #expect(mean > previousMean * 1.8, "attempt \(n), seed \(Self.seed)")
            } else {
                #expect(abs(mean - 2700) < 60, "attempt \(n), seed \(Self.seed)")
            }
            previousMean = mean
        }
    }

    @Test func hugeAttemptCountsAndOddSettingsStayBounded() {
        var random = Self.generator()
        let policy = RetryPolicy()
        for n in [64, 100, 1000, Int.max] {
            #expect(policy.ceiling(afterAttempt: n) == 3600)
            #expect((1800...3600).contains(policy.delay(afterAttempt: n, retryAfter: nil, random: &random)))
        }
        #expect(policy.ceiling(afterAttempt: 0) == 30)
        #expect(policy.ceiling(afterAttempt: -5) == 30)
        let tiny = RetryPolicy(initial: 0, maximum: 0)
        #expect(tiny.delay(afterAttempt: 1, retryAfter: nil, random: &random) == 1)
        #expect(tiny.delay(afterAttempt: 50, retryAfter: nil, random: &random) == 1)
        let inverted = RetryPolicy(initial: 100, maximum: 10)
        #expect(inverted.ceiling(afterAttempt: 5) == 100)
        let huge = RetryPolicy(initial: .max / 2, maximum: .max)
        #expect(huge.ceiling(afterAttempt: 3) == .max)
    }

    @Test func retryAfterIsHonouredEvenAboveTheMaximum() {
        var random = Self.generator()
        let policy = RetryPolicy()
        #expect(policy.delay(afterAttempt: 1, retryAfter: 7200, random: &random) == 7200)
        #expect(policy.delay(afterAttempt: 9, retryAfter: 5, random: &random) == 5)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 0, random: &random) == 1)
        #expect(policy.delay(afterAttempt: 1, retryAfter: -30, random: &random) == 1)
        #expect(
            policy.nextAttempt(queuedAt: 0, attempts: 1, now: 100, retryAfter: 7200, random: &random) == 7300)
        // Past the day from queueing: dead, however the receiver asked.
        #expect(policy.nextAttempt(queuedAt: 0, attempts: 1, now: 100, retryAfter: 86_301, random: &random) == nil)
        #expect(
            policy.nextAttempt(queuedAt: 0, attempts: 1, now: 100, retryAfter: 86_300, random: &random) == 86_400)
        #expect(policy.nextAttempt(queuedAt: 0, attempts: 1, now: 100, retryAfter: .max, random: &random) == nil)
    }

    @Test func deadAfterMaxAttemptsOrPastGiveUp() {
        var random = Self.generator()
        let policy = RetryPolicy()
        #expect(policy.nextAttempt(queuedAt: 0, attempts: 20, now: 1000, retryAfter: nil, random: &random) == nil)
        #expect(policy.nextAttempt(queuedAt: 0, attempts: 25, now: 1000, retryAfter: nil, random: &random) == nil)
        #expect(policy.nextAttempt(queuedAt: 0, attempts: 19, now: 1000, retryAfter: nil, random: &random) != nil)
        #expect(policy.nextAttempt(queuedAt: 0, attempts: 3, now: 86_400, retryAfter: nil, random: &random) == nil)
        #expect(policy.nextAttempt(queuedAt: 0, attempts: 0, now: 500, retryAfter: nil, random: &random) == 500)
        #expect(policy.nextAttempt(queuedAt: 0, attempts: 0, now: 86_401, retryAfter: nil, random: &random) == nil)
        let next = policy.nextAttempt(queuedAt: 0, attempts: 1, now: 10, retryAfter: nil, random: &random)
        #expect(next.map { (25...40).contains($0) } == true)
        #expect(
            policy.nextAttempt(queuedAt: .max - 10, attempts: 1, now: .max - 5, retryAfter: nil, random: &random)
                == nil)
    }

    // A delivery failing every time: attempts come at growing intervals and stop within both bounds.
    @Test func aFailingDeliveryDiesWithinItsBounds() {
        var random = Self.generator()
        for policy in [
            RetryPolicy(), RetryPolicy(maxAttempts: 5), RetryPolicy(initial: 1, maximum: 60, giveUpAfter: 600),
        ] {
            let queued: Int64 = 1_800_000_000
            var now = queued
            var attempts = 0
            var times: [Int64] = []
            while let next = policy.nextAttempt(
                queuedAt: queued, attempts: attempts, now: now, retryAfter: nil, random: &random)
            {
                #expect(next >= now)
                times.append(next)
                now = next
                attempts += 1
            }
            #expect(attempts <= policy.maxAttempts)
            #expect(times.allSatisfy { $0 <= queued + policy.giveUpAfter })
            let nextDelay = policy.ceiling(afterAttempt: attempts)
            #expect(attempts == policy.maxAttempts || now + nextDelay > queued + policy.giveUpAfter)
        }
    }
}
