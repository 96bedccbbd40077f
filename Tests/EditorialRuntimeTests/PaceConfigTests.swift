import EditorialCore
import Testing

@testable import EditorialRuntime

/// `pace:` in the config file: every setting read, every mistake positioned, the defaults without it.
struct PaceConfigTests {
    @Test func everySettingIsRead() throws {
        let config = try ConfigFile.parse(
            """
            pace:
              tolerance: PT2H
              weeks: 12
              report: "Fri 17:30"
              on-time-share: 0.9
              stalled-weeks: 3
            """, file: "c.yaml", over: RouteConfigTests.base)
        #expect(config.pace.tolerance == 7200)
        #expect(config.pace.weeks == 12)
        #expect(config.pace.report == PaceReportTime(weekday: .friday, time: DigestTime(hour: 17, minute: 30)!))
        #expect(config.pace.thresholds == PaceThresholds(onTimeShare: 0.9, stalledWeeks: 3, socialPageLimit: 4))
        let off = try ConfigFile.parse("pace: {report: off}", file: "c.yaml", over: RouteConfigTests.base)
        #expect(off.pace.report == nil)
        #expect(RouteConfigTests.base.pace.report?.description == "monday 09:00")
        #expect(RouteConfigTests.base.pace.tolerance == 3600)
        #expect(RouteConfigTests.base.pace.weeks == 8)
    }

    @Test func mistakesArePositionedAndAllReported() {
        #expect(
            RouteConfigTests.problems(
                """
                pace:
                  tolerance: soon
                  weeks: 0
                  report: someday 9am
                  on-time-share: 1.5
                  stalled-wekes: 2
                """) == [
                    "c.yaml:6:3: error: unknown key 'stalled-wekes' in pace; did you mean 'stalled-weeks'?",
                    "c.yaml:2:14: error: duration 'soon' must be ISO 8601, such as P1D, PT1H, PT30M, P1DT12H or PT0S",
                    "c.yaml:3:10: error: weeks must be a whole number from 1 to 52",
                    "c.yaml:4:11: error: report is a weekday and a local time, such as 'monday 09:00', or 'off'",
                    "c.yaml:5:18: error: on-time-share must be a number above 0, up to 1",
                ])
        #expect(
            RouteConfigTests.problems("pace: weekly") == ["c.yaml:1:7: error: pace must be a mapping of keys to values"]
        )
    }
}
