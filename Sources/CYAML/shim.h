// libyaml (Debian's libyaml-dev): the event parser the plan reader builds its nodes from.
#ifndef EDITORIALD_CYAML_SHIM_H
#define EDITORIALD_CYAML_SHIM_H

#include <yaml.h>

#endif
