// Which libgpiod API the installed <gpiod.h> declares, decided by the header itself: 1.x defines
// GPIOD_LINE_BULK_MAX_LINES (line bulks are gone in 2.x). FIREPUMP_GPIOD_API is 1 or 2, and
// exactly one of gpiod_v1.c and gpiod_v2.c compiles to code.
#ifndef FIREPUMP_CGPIOD_SHIM_API_H
#define FIREPUMP_CGPIOD_SHIM_API_H

#include <errno.h>
#include <gpiod.h>

#include "CGPIODShim.h"

#ifdef GPIOD_LINE_BULK_MAX_LINES
#define FIREPUMP_GPIOD_API 1
#else
#define FIREPUMP_GPIOD_API 2
#endif

/// Records that `call` failed with the current errno.
static inline void fpgpiod_fail(fpgpiod_failure *failure, const char *call) {
    failure->call = call;
    failure->number = errno;
}

#endif
