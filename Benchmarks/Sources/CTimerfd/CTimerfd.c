// Intentionally empty: the module is the header (a C target needs one source file).
#include "CTimerfd.h"
