#!/usr/bin/env python3
"""Reference point for `editorial-bench expand`: the same 10,000 schedules expanded with python-dateutil.

The schedules come from the same SplitMix64 seed in the same draw order as
Sources/editorial-bench/Schedules.swift, so the occurrence count and checksum (sum of UTC epoch seconds
mod 2^63) must equal the Swift ones. Each rule is expanded with dateutil.rrule over local
2027-01-01T00:00 ... 2027-12-31T23:59:59 (DTSTART 2027-01-01T00:00, UNTIL 2027-12-31T23:59:59) and every
local time is turned into a UTC instant in its zone (zoneinfo) with the engine's default DST policy:
a time in a spring-forward gap moves forward by the length of the gap; a repeated time takes the first
instant.

    python3 dateutil_expand.py [--runs N] [--seed S] [--schedules N] [--dump FILE] [--show I] [--all-hours]
"""

import argparse
import datetime as dt
import resource
import statistics
import sys
import time
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

MASK64 = (1 << 64) - 1
MASK63 = (1 << 63) - 1
DEFAULT_SEED = 20270101
ZONES = [
    "Europe/Rome", "America/St_Johns", "Australia/Sydney", "Asia/Kathmandu", "America/New_York",
    "America/Los_Angeles", "Europe/London", "Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo",
    "Pacific/Auckland", "UTC",
]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
START = dt.datetime(2027, 1, 1)
END = dt.datetime(2027, 12, 31, 23, 59, 59)
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class SplitMix64:
    """SplitMix64, identical to Sources/editorial-bench/SplitMix64.swift."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


def generate(count, seed, all_hours=False):
    """[(kind, zone index, RRULE text)] in the draw order documented in Schedules.swift."""
    rng = SplitMix64(seed)
    out = []
    for i in range(count):
        zone_index = i % len(ZONES)
        k = rng.below(10)
        if k < 4:
            kind = "weekly"
            n = 1 + rng.below(3)
            days = list(range(7))
            for j in range(n):
                r = j + rng.below(7 - j)
                days[j], days[r] = days[r], days[j]
            text = "FREQ=WEEKLY;BYDAY=" + ",".join(WEEKDAYS[d] for d in sorted(days[:n]))
        elif k < 7:
            kind = "monthly"
            ordinal = [1, 2, 3, 4, -1][rng.below(5)]
            text = f"FREQ=MONTHLY;BYDAY={ordinal}{WEEKDAYS[rng.below(7)]}"
        else:
            kind = "daily"
            text = "FREQ=DAILY"
        hour = rng.below(24) if all_hours else 6 + rng.below(16)
        minute = 15 * rng.below(4)
        text += f";BYHOUR={hour};BYMINUTE={minute};BYSECOND=0"
        out.append((kind, zone_index, text))
    return out


def local_seconds(t):
    """Seconds since 1970-01-01T00:00 of a naive local time read as if it were UTC."""
    return (t.toordinal() - EPOCH_ORDINAL) * 86400 + t.hour * 3600 + t.minute * 60 + t.second


def resolve(t, zone):
    """(UTC epoch seconds, kind) of naive local time `t` in `zone`: shift-forward in gaps, first if repeated.

    PEP 495: fold=0 uses the offset in force before a transition, fold=1 the one after. Equal offsets: the
    time exists once. Offset after > before: a spring-forward gap; the wall clock skips from the transition
    to transition + gap, so `t` is moved forward by the gap (after - before) and read with the new offset.
    Offset after < before: a repeated (fall-back) time; the first instant uses the offset before.
    """
    before = t.replace(tzinfo=zone, fold=0).utcoffset() // dt.timedelta(seconds=1)
    after = t.replace(tzinfo=zone, fold=1).utcoffset() // dt.timedelta(seconds=1)
    local = local_seconds(t)
    if before == after:
        return local - before, "normal"
    if after > before:
        shifted = local + (after - before)
        return shifted - after, "gap-shifted"
    return local - before, "repeated"


def expand(work):
    """Expands every (rule, zone); returns (occurrences, sum of UTC seconds mod 2^64, kinds)."""
    count = 0
    total = 0
    kinds = {"normal": 0, "gap-shifted": 0, "repeated": 0}
    for rule, zone in work:
        for t in rule:
            utc, kind = resolve(t, zone)
            count += 1
            total += utc
            kinds[kind] += 1
    return count, total & MASK64, kinds


def expand_local_only(work):
    """Iterates the dateutil rules only (no zone conversion): the share of rrule itself."""
    count = 0
    for rule, _ in work:
        for _ in rule:
            count += 1
    return count


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="timed runs (default 3)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"PRNG seed (default {DEFAULT_SEED})")
    p.add_argument("--schedules", type=int, default=10_000, help="number of schedules (default 10000)")
    p.add_argument("--dump", metavar="FILE", help="write 'index count checksum' per schedule")
    p.add_argument("--show", metavar="I", type=int, help="print every occurrence of schedule I")
    p.add_argument("--all-hours", action="store_true",
                   help="draw hours 0-23 instead of 6-21 (DST gaps and repeated hours: a cross-check)")
    p.add_argument("--no-local-only", action="store_true", help="skip the rrule-only timing pass")
    a = p.parse_args()

    schedules = generate(a.schedules, a.seed, a.all_hours)
    mix = {k: sum(1 for s in schedules if s[0] == k) for k in ("weekly", "monthly", "daily")}
    zones = [ZoneInfo(z) for z in ZONES]
    print("dateutil_expand.py (python-dateutil %s, Python %s)" % (
        __import__("dateutil").__version__, sys.version.split()[0]))
    print(f"  seed:              {a.seed} (SplitMix64)")
    print(f"  schedules:         {len(schedules)} (weekly {mix['weekly']}, monthly {mix['monthly']}, "
          f"daily {mix['daily']}) in {len(ZONES)} zones, hours {'0-23' if a.all_hours else '6-21'}")
    until = END.strftime(";UNTIL=%Y%m%dT%H%M%S")
    t0 = time.perf_counter()
    work = [(rrulestr(text + until, dtstart=START), zones[z]) for _, z, text in schedules]
    print(f"  RRULE parsing:     {(time.perf_counter() - t0) * 1000:.1f} ms (separate from expansion)")

    if a.show is not None:
        kind, z, text = schedules[a.show]
        print(f"  schedule {a.show}: {text} in {ZONES[z]}")
        for t in work[a.show][0]:
            utc, k = resolve(t, zones[z])
            print(f"    {t.isoformat()} {utc} {k}")
    if a.dump:
        with open(a.dump, "w") as f:
            for i, w in enumerate(work):
                c, s, _ = expand([w])
                f.write(f"{i} {c} {s & MASK63}\n")
        print(f"  per-schedule dump: {a.dump}")

    seconds = []
    result = None
    for r in range(max(1, a.runs)):
        t0 = time.perf_counter()
        res = expand(work)
        seconds.append(time.perf_counter() - t0)
        print(f"  run {r + 1}:             {seconds[-1]:.3f} s")
        if result is not None and res != result:
            sys.exit(f"error: run {r + 1} gave different totals {res} vs {result}")
        result = res
    count, total, kinds = result
    best = min(seconds)
    print(f"  occurrences:       {count}")
    print(f"  checksum:          {total & MASK63} (sum of UTC epoch seconds mod 2^63)")
    print(f"  DST:               {kinds['gap-shifted']} gap-shifted, {kinds['repeated']} repeated (first taken)")
    print(f"  best:              {best:.3f} s (of {len(seconds)} runs; rrule expansion + zoneinfo resolution)")
    print(f"  median:            {statistics.median(seconds):.3f} s")
    print(f"  occurrences/s:     {count / best / 1e6:.3f} million (best run)")
    print(f"  ns/occurrence:     {best / count * 1e9:.0f} (best run)")
    if not a.no_local_only:
        t0 = time.perf_counter()
        n = expand_local_only(work)
        print(f"  rrule only:        {time.perf_counter() - t0:.3f} s ({n} local times, no zone conversion)")
    print(f"  peak RSS:          {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")


if __name__ == "__main__":
    main()
