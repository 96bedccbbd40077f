extension NominalDuration {
    /// The instant this long before an item planned at `local` (due at `due`) in `zone`.
    ///
    /// Days are calendar days in the zone (one day before Monday 09:30 is Sunday 09:30, also across a
    /// daylight-saving change; a time that falls in a gap moves forward); hours, minutes and seconds are exact.
    func instant(before local: LocalDateTime, due: Int64, in zone: ZoneRules) -> Int64 {
        let base = days == 0 ? due : zone.resolve(local.addingDays(-days), policy: .default).utc ?? due
        return base - Int64(seconds)
    }
}
