// libical 3 (Debian libical-dev), used only by the test helper ical-probe (Tests/ICalProbe).
#ifndef EDITORIALD_CLIBICAL_SHIM_H
#define EDITORIALD_CLIBICAL_SHIM_H

#include <libical/ical.h>

#endif
