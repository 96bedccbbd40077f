// libsystemd and the Linux interfaces Swift's Glibc module hides behind _GNU_SOURCE (struct ucred, accept4).
#ifndef EDITORIALD_CSYSTEMD_SHIM_H
#define EDITORIALD_CSYSTEMD_SHIM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#endif
