// timerfd(2), which Swift's Glibc module does not export: for editorial-bench's bare timer loop.
#ifndef EDITORIAL_BENCH_CTIMERFD_H
#define EDITORIAL_BENCH_CTIMERFD_H

#include <sys/timerfd.h>

#endif
