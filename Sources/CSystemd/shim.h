// libsystemd and the Linux interfaces Swift's Glibc module hides behind _GNU_SOURCE (struct ucred, accept4) or
// leaves out (malloc_trim, from <malloc.h>).
//
// _GNU_SOURCE must not be defined here: these headers would then be compiled with other definitions than
// in Swift's Glibc module (fd_set's member is `fds_bits` instead of `__fds_bits`), and every Swift file
// importing both this module and Glibc or Foundation would fail to build. The GNU-only declarations we
// need are repeated below instead, with the same layout as glibc's.
#ifndef EDITORIALD_CSYSTEMD_SHIM_H
#define EDITORIALD_CSYSTEMD_SHIM_H

#include <malloc.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <time.h>
#include <unistd.h>

/// The peer credentials SO_PEERCRED and SCM_CREDENTIALS carry (glibc's `struct ucred`).
struct editoriald_ucred {
    pid_t pid;
    uid_t uid;
    gid_t gid;
};

/// SCM_CREDENTIALS, the control-message type of a `struct ucred` (GNU-only in glibc).
#define EDITORIALD_SCM_CREDENTIALS 0x02

/// accept4(2), which glibc declares only with _GNU_SOURCE.
int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);

#endif
