// ical-probe: test-only helper that asks libical (3.x) for its answer, so that tests can compare editoriald with it.
//
//   ical-probe rrule
//       Reads lines `DTSTART<TAB>RRULE<TAB>LIMIT<TAB>THROUGH` from stdin (floating local times YYYYMMDDTHHMMSS; the
//       rule with or without `RRULE:`) and prints one line per input line:
//         OK t1 t2 ...        the occurrences icalrecur_iterator gives from DTSTART, at most LIMIT, none after
//                             THROUGH (YYYYMMDDTHHMMSS each); the rule is given an UNTIL at THROUGH when it has
//                             none or a later one, which bounds libical's search without changing its answer;
//         ERROR message       libical rejects the rule (parsing it or creating its iterator);
//         TIMEOUT t1 t2 ...   libical did not finish within ICAL_PROBE_TIMEOUT_MS milliseconds (default 2000):
//                             the occurrences it had given by then (a prefix of its answer). libical 3.0 has no
//                             bound on sub-daily rules whose days never match, so each rule runs in a worker
//                             process that is replaced when it overruns;
//         CRASH t1 t2 ...     the worker died on this rule (the occurrences it had given by then).
//
//   ical-probe expand FROM TO < calendar.ics
//       FROM and TO are UTC instants YYYYMMDDTHHMMSSZ. Parses the whole calendar with icalparser_parse_string. When
//       that fails, when any component carries an X-LIC-ERROR property (libical's parse errors), or when a TZID
//       has no VTIMEZONE in the calendar (zones are resolved through the calendar's own VTIMEZONEs, never through
//       libical's built-in ones), prints each problem to stderr and exits 2. Otherwise prints, sorted, one line per
//       instance of every VEVENT and VTODO whose instant is in [FROM, TO):
//         UTC-INSTANT<TAB>UID<TAB>COMPONENT<TAB>STATUS-or-empty<TAB>RECURRENCE-ID-or-empty
//       with instants as YYYYMMDDTHHMMSSZ, and exits 0. The instant of a VEVENT is its DTSTART, of a VTODO its DUE
//       (its DTSTART when it has no DUE). A master (no RECURRENCE-ID) is expanded from DTSTART (a VTODO without
//       DTSTART: from DUE) with libical's icalrecur_iterator for each RRULE, plus DTSTART when it has no RRULE,
//       plus its RDATEs; EXDATEs are applied with libical's icalproperty_recurrence_is_excluded; an instance given
//       twice is printed once. A recurring VTODO's instance is due DUE − DTSTART after its start. An override (a
//       component with RECURRENCE-ID) removes the master's instance whose start is the same UTC instant as its
//       RECURRENCE-ID and contributes its own instant (its RECURRENCE-ID, in UTC, is the last column; it is empty
//       for every other instance). RANGE=THISANDFUTURE is not supported (exit 2).
//       icalcomponent_foreach_recurrence is not used: libical 3.0 ignores the TZID of RDATEs there.
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../CLibical/shim.h"

// MARK: - Shared

static void format_local(struct icaltimetype t, char out[16]) {
    snprintf(out, 16, "%04d%02d%02dT%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute, t.second);
}

static void format_utc(time_t seconds, char out[17]) {
    struct tm tm;
    gmtime_r(&seconds, &tm);
    snprintf(out, 17, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// MARK: - rrule

// Answers one request line on `out`: "OK t1 t2 ...\n" or "ERROR message\n".
static void answer_rule(char *line, FILE *out) {
    char *fields[4] = {0};
    int n = 0;
    for (char *p = line; n < 4; n++) {
        fields[n] = p;
        char *tab = strchr(p, '\t');
        if (!tab) {
            n++;
            break;
        }
        *tab = '\0';
        p = tab + 1;
    }
    if (n != 4) {
        fprintf(out, "ERROR expected DTSTART<TAB>RRULE<TAB>LIMIT<TAB>THROUGH\n");
        return;
    }
    const char *text = fields[1];
    if (strncasecmp(text, "RRULE:", 6) == 0) text += 6;
    long limit = strtol(fields[2], NULL, 10);
    icalerror_clear_errno();
    struct icaltimetype start = icaltime_from_string(fields[0]);
    struct icaltimetype through = icaltime_from_string(fields[3]);
    if (icaltime_is_null_time(start) || icaltime_is_null_time(through)) {
        fprintf(out, "ERROR bad DTSTART or THROUGH\n");
        return;
    }
    struct icalrecurrencetype rule = icalrecurrencetype_from_string(text);
    if (rule.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        fprintf(out, "ERROR %s\n", icalerror_strerror(icalerrno));
        free(rule.rscale);
        return;
    }
    // libical 3.0 looks for the next match without bound (sub-daily rules a second or a minute at a time), but
    // tests UNTIL at every step: an UNTIL at THROUGH (when the rule has none or a later one) ends the search there
    // without changing any occurrence up to THROUGH, COUNT included.
    if (icaltime_is_null_time(rule.until) || icaltime_compare(rule.until, through) > 0) rule.until = through;
    icalrecur_iterator *iterator = icalrecur_iterator_new(rule, start);
    if (!iterator) {
        fprintf(out, "ERROR %s\n", icalerror_strerror(icalerrno));
        free(rule.rscale);
        return;
    }
    fputs("OK", out);
    double began = now_seconds();
    for (long count = 0; count < limit; count++) {
        struct icaltimetype t = icalrecur_iterator_next(iterator);
        if (icaltime_is_null_time(t) || icaltime_compare(t, through) > 0) break;
        char text[16];
        format_local(t, text);
        fprintf(out, " %s", text);
        // A slow rule shows what it has so far, in case the parent gives up on it.
        if (now_seconds() - began > 0.05) fflush(out);
    }
    fputc('\n', out);
    icalrecur_iterator_free(iterator);
    free(rule.rscale);
}

// The worker: answers request lines from `in` on `out` until end of input.
static void run_worker(int in, int out) {
    // A crash in libical is an answer (CRASH): no need for a backtrace.
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    FILE *requests = fdopen(in, "r");
    FILE *answers = fdopen(out, "w");
    if (!requests || !answers) _exit(1);
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    while ((length = getline(&line, &capacity, requests)) > 0) {
        if (line[length - 1] == '\n') line[length - 1] = '\0';
        answer_rule(line, answers);
        fflush(answers);
    }
    _exit(0);
}

struct worker {
    pid_t pid;
    int requests;  // write end
    int answers;   // read end
};

static struct worker start_worker(void) {
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0) {
        perror("ical-probe: pipe");
        exit(1);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("ical-probe: fork");
        exit(1);
    }
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        run_worker(down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    return (struct worker){pid, down[1], up[0]};
}

static void stop_worker(struct worker *w, int kill_it) {
    close(w->requests);
    if (kill_it) kill(w->pid, SIGKILL);
    close(w->answers);
    waitpid(w->pid, NULL, 0);
    w->pid = -1;
}

static int write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

static int rrule_mode(void) {
    signal(SIGPIPE, SIG_IGN);
    const char *limit_text = getenv("ICAL_PROBE_TIMEOUT_MS");
    int timeout_ms = limit_text ? atoi(limit_text) : 2000;
    if (timeout_ms <= 0) timeout_ms = 2000;
    struct worker w = start_worker();
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    size_t answer_capacity = 1 << 16;
    char *answer = malloc(answer_capacity);
    while ((length = getline(&line, &capacity, stdin)) > 0) {
        if (line[length - 1] != '\n') {
            line = realloc(line, (size_t)length + 2);
            line[length++] = '\n';
            line[length] = '\0';
        }
        if (w.pid < 0) w = start_worker();
        size_t used = 0;
        int complete = 0, died = write_all(w.requests, line, (size_t)length) != 0;
        double deadline = now_seconds() + timeout_ms / 1000.0;
        while (!complete && !died) {
            int left = (int)((deadline - now_seconds()) * 1000);
            if (left <= 0) break;
            struct pollfd p = {w.answers, POLLIN, 0};
            int ready = poll(&p, 1, left);
            if (ready < 0 && errno == EINTR) continue;
            if (ready <= 0) break;
            if (used + 4096 > answer_capacity) {
                answer_capacity *= 2;
                answer = realloc(answer, answer_capacity);
            }
            ssize_t n = read(w.answers, answer + used, answer_capacity - used - 1);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                died = 1;
                break;
            }
            used += (size_t)n;
            complete = answer[used - 1] == '\n';
        }
        answer[used] = '\0';
        if (complete) {
            fputs(answer, stdout);
            continue;
        }
        // Whatever the worker printed after "OK" is a prefix of libical's answer.
        char *prefix = strncmp(answer, "OK", 2) == 0 ? answer + 2 : "";
        char *newline = strchr(prefix, '\n');
        if (newline) *newline = '\0';
        printf("%s%s\n", died ? "CRASH" : "TIMEOUT", prefix);
        stop_worker(&w, 1);
    }
    fflush(stdout);
    if (w.pid >= 0) stop_worker(&w, 0);
    free(answer);
    free(line);
    return 0;
}

// MARK: - expand

static int problems = 0;

static void problem(const char *format, const char *detail) {
    fprintf(stderr, "ical-probe: ");
    fprintf(stderr, format, detail);
    fputc('\n', stderr);
    problems++;
}

// Reports every X-LIC-ERROR property in `c` and below.
static void find_errors(icalcomponent *c) {
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        fprintf(stderr, "ical-probe: X-LIC-ERROR in %s: %s\n", icalcomponent_kind_to_string(icalcomponent_isa(c)),
                icalproperty_get_xlicerror(p));
        problems++;
    }
    for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        find_errors(s);
    }
}

// The calendar (VCALENDAR) that holds `c`.
static icalcomponent *calendar_of(icalcomponent *c) {
    while (c && icalcomponent_isa(c) != ICAL_VCALENDAR_COMPONENT) c = icalcomponent_get_parent(c);
    return c;
}

// Reports every TZID of `c` and below that has no VTIMEZONE in its calendar.
static void check_zones(icalcomponent *c) {
    icalcomponent *calendar = calendar_of(c);
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
        icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
        if (!tzid) continue;
        const char *name = icalparameter_get_tzid(tzid);
        if (!calendar || !icalcomponent_get_timezone(calendar, name)) {
            problem("TZID %s has no VTIMEZONE in the calendar", name);
        }
    }
    for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        check_zones(s);
    }
}

// A property's date-time with its TZID resolved through the calendar's VTIMEZONEs.
static struct icaltimetype zoned(icalcomponent *c, icalproperty *p, struct icaltimetype t) {
    icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    if (tzid) {
        icaltimezone *zone = icalcomponent_get_timezone(calendar_of(c), icalparameter_get_tzid(tzid));
        t = icaltime_set_timezone(&t, zone);
    }
    return t;
}

// Seconds since the epoch of a (zoned, UTC or floating) time; floating times are read as UTC.
static time_t instant(struct icaltimetype t) {
    const icaltimezone *zone = icaltime_is_utc(t) ? icaltimezone_get_utc_timezone() : t.zone;
    return icaltime_as_timet_with_zone(t, zone);
}

// The first property of `kind` as a zoned time, or the null time.
static struct icaltimetype time_of(icalcomponent *c, icalproperty_kind kind, icalproperty **found) {
    icalproperty *p = icalcomponent_get_first_property(c, kind);
    if (found) *found = p;
    if (!p) return icaltime_null_time();
    icalvalue *v = icalproperty_get_value(p);
    if (!v) return icaltime_null_time();
    return zoned(c, p, icalvalue_get_datetime(v));
}

struct instance {
    time_t start;  // the instance's recurrence id (its start in the series), as an instant
    time_t at;     // the instant printed
};

struct list {
    struct instance *items;
    size_t count, capacity;
};

static void add(struct list *l, time_t start, time_t at) {
    for (size_t i = 0; i < l->count; i++) {
        if (l->items[i].start == start) return;
    }
    if (l->count == l->capacity) {
        l->capacity = l->capacity ? l->capacity * 2 : 64;
        l->items = realloc(l->items, l->capacity * sizeof *l->items);
    }
    l->items[l->count++] = (struct instance){start, at};
}

struct output {
    char **lines;
    size_t count, capacity;
};

static void emit(struct output *o, time_t at, const char *uid, const char *kind, const char *status,
                 const char *recurrence) {
    char when[17];
    format_utc(at, when);
    size_t size = strlen(uid) + strlen(kind) + strlen(status) + strlen(recurrence) + 32;
    char *line = malloc(size);
    snprintf(line, size, "%s\t%s\t%s\t%s\t%s", when, uid, kind, status, recurrence);
    if (o->count == o->capacity) {
        o->capacity = o->capacity ? o->capacity * 2 : 256;
        o->lines = realloc(o->lines, o->capacity * sizeof *o->lines);
    }
    o->lines[o->count++] = line;
}

static int by_text(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *status_of(icalcomponent *c) {
    icalproperty *p = icalcomponent_get_first_property(c, ICAL_STATUS_PROPERTY);
    if (!p) return "";
    const char *text = icalproperty_get_value_as_string(p);
    return text ? text : "";
}

static int is_item(icalcomponent *c) {
    icalcomponent_kind k = icalcomponent_isa(c);
    return k == ICAL_VEVENT_COMPONENT || k == ICAL_VTODO_COMPONENT;
}

// Calls `body` for every VEVENT and VTODO under `root`.
static void each_item(icalcomponent *root, void (*body)(icalcomponent *, void *), void *context) {
    if (is_item(root)) {
        body(root, context);
        return;
    }
    for (icalcomponent *s = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT)) {
        each_item(s, body, context);
    }
}

struct override_list {
    const char **uids;
    time_t *ids;
    size_t count, capacity;
};

static void collect_override(icalcomponent *c, void *context) {
    struct override_list *o = context;
    icalproperty *p;
    struct icaltimetype id = time_of(c, ICAL_RECURRENCEID_PROPERTY, &p);
    if (!p) return;
    if (icalproperty_get_first_parameter(p, ICAL_RANGE_PARAMETER)) {
        problem("RECURRENCE-ID;RANGE is not supported (UID %s)", icalcomponent_get_uid(c));
        return;
    }
    if (o->count == o->capacity) {
        o->capacity = o->capacity ? o->capacity * 2 : 64;
        o->uids = realloc(o->uids, o->capacity * sizeof *o->uids);
        o->ids = realloc(o->ids, o->capacity * sizeof *o->ids);
    }
    o->uids[o->count] = icalcomponent_get_uid(c);
    o->ids[o->count++] = instant(id);
}

struct expansion {
    time_t from, to;
    struct override_list overrides;
    struct output output;
};

static int overridden(struct expansion *e, const char *uid, time_t start) {
    for (size_t i = 0; i < e->overrides.count; i++) {
        if (e->overrides.ids[i] == start && uid && e->overrides.uids[i] && strcmp(uid, e->overrides.uids[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static void expand_item(icalcomponent *c, void *context) {
    struct expansion *e = context;
    const char *uid = icalcomponent_get_uid(c);
    if (!uid) uid = "";
    const char *kind = icalcomponent_kind_to_string(icalcomponent_isa(c));
    int todo = icalcomponent_isa(c) == ICAL_VTODO_COMPONENT;
    icalproperty *start_property, *due_property, *id_property;
    struct icaltimetype start = time_of(c, ICAL_DTSTART_PROPERTY, &start_property);
    struct icaltimetype due = todo ? time_of(c, ICAL_DUE_PROPERTY, &due_property) : icaltime_null_time();
    time_of(c, ICAL_RECURRENCEID_PROPERTY, &id_property);
    // The series' anchor, and how long after each instance's start its instant is.
    struct icaltimetype anchor = start;
    time_t lag = 0;
    if (todo && start_property && due_property) lag = instant(due) - instant(start);
    if (todo && !start_property) anchor = due;
    if (icaltime_is_null_time(anchor)) return;
    const char *status = status_of(c);

    if (id_property) {
        char id[17];
        format_utc(instant(time_of(c, ICAL_RECURRENCEID_PROPERTY, NULL)), id);
        time_t at = instant(anchor) + lag;
        if (at >= e->from && at < e->to) emit(&e->output, at, uid, kind, status, id);
        return;
    }

    struct list instances = {0};
    // Instances are increasing in local time; a day of margin covers UTC offsets and DST folds.
    time_t last_start = e->to - lag + 2 * 86400;
    int recurring = 0;
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_RRULE_PROPERTY)) {
        recurring = 1;
        struct icalrecurrencetype rule = icalproperty_get_rrule(p);
        icalrecur_iterator *iterator = icalrecur_iterator_new(rule, anchor);
        if (!iterator) {
            problem("libical rejects the RRULE of UID %s", uid);
            continue;
        }
        for (struct icaltimetype t = icalrecur_iterator_next(iterator); !icaltime_is_null_time(t);
             t = icalrecur_iterator_next(iterator)) {
            time_t s = instant(t);
            if (s > last_start) break;
            if (!icalproperty_recurrence_is_excluded(c, &anchor, &t)) add(&instances, s, s + lag);
        }
        icalrecur_iterator_free(iterator);
    }
    if (!recurring && !icalproperty_recurrence_is_excluded(c, &anchor, &anchor)) {
        add(&instances, instant(anchor), instant(anchor) + lag);
    }
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype value = icalproperty_get_rdate(p);
        struct icaltimetype t = icaltime_is_null_time(value.time) ? value.period.start : value.time;
        if (icaltime_is_null_time(t)) continue;
        t = zoned(c, p, t);
        if (!icalproperty_recurrence_is_excluded(c, &anchor, &t)) add(&instances, instant(t), instant(t) + lag);
    }
    for (size_t i = 0; i < instances.count; i++) {
        struct instance x = instances.items[i];
        if (x.at < e->from || x.at >= e->to || overridden(e, uid, x.start)) continue;
        emit(&e->output, x.at, uid, kind, status, "");
    }
    free(instances.items);
}

static int parse_utc(const char *text, time_t *out) {
    struct icaltimetype t = icaltime_from_string(text);
    if (icaltime_is_null_time(t) || !icaltime_is_utc(t) || strlen(text) != 16) return -1;
    *out = icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());
    return 0;
}

static void overran(int signal_number) {
    (void)signal_number;
    static const char message[] = "ical-probe: expand took more than 60 seconds (a rule libical cannot finish?)\n";
    if (write(2, message, sizeof message - 1) < 0) _exit(3);
    _exit(3);
}

static int expand_mode(const char *from_text, const char *to_text) {
    struct expansion e = {0};
    if (parse_utc(from_text, &e.from) != 0 || parse_utc(to_text, &e.to) != 0) {
        fprintf(stderr, "ical-probe: FROM and TO must be UTC instants YYYYMMDDTHHMMSSZ\n");
        return 2;
    }
    signal(SIGALRM, overran);
    alarm(60);
    size_t capacity = 1 << 16, used = 0;
    char *text = malloc(capacity);
    size_t n;
    while ((n = fread(text + used, 1, capacity - used - 1, stdin)) > 0) {
        used += n;
        if (used + 1 >= capacity) text = realloc(text, capacity *= 2);
    }
    text[used] = '\0';
    icalerror_clear_errno();
    icalcomponent *root = icalparser_parse_string(text);
    if (!root) {
        fprintf(stderr, "ical-probe: libical cannot parse the calendar: %s\n", icalerror_strerror(icalerrno));
        return 2;
    }
    find_errors(root);
    int counted = icalcomponent_count_errors(root);
    if (counted > 0 && problems == 0) problem("libical counts %s errors in the calendar", "some");
    check_zones(root);
    if (problems > 0) return 2;

    each_item(root, collect_override, &e.overrides);
    if (problems > 0) return 2;
    each_item(root, expand_item, &e);
    if (problems > 0) return 2;
    qsort(e.output.lines, e.output.count, sizeof *e.output.lines, by_text);
    for (size_t i = 0; i < e.output.count; i++) puts(e.output.lines[i]);
    icalcomponent_free(root);
    free(text);
    return 0;
}

// MARK: - main

int main(int argc, char **argv) {
    icalerror_set_errors_are_fatal(0);
    if (argc == 2 && strcmp(argv[1], "rrule") == 0) return rrule_mode();
    if (argc == 4 && strcmp(argv[1], "expand") == 0) return expand_mode(argv[2], argv[3]);
    fprintf(stderr, "usage: ical-probe rrule < requests\n       ical-probe expand FROM TO < calendar.ics\n");
    return 2;
}
