// libpq, PostgreSQL's C client library (Debian's libpq-dev), for the PostgreSQL state store.
#ifndef EDITORIALD_CPOSTGRES_SHIM_H
#define EDITORIALD_CPOSTGRES_SHIM_H

#include <libpq-fe.h>

// PG_DIAG_* are character-literal macros, which Swift does not import; the ones the store reads.
static const int editoriald_pg_diag_sqlstate = PG_DIAG_SQLSTATE;
static const int editoriald_pg_diag_message_primary = PG_DIAG_MESSAGE_PRIMARY;

#endif
