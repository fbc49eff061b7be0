// Finding GPIO chips with libgpiod 2.x, which opens chips by path only: what libgpiod 1.6's
// gpiod_chip_open_lookup and chip iterator did.
#ifndef FIREPUMP_CGPIOD_SHIM_CHIP_LOOKUP_H
#define FIREPUMP_CGPIOD_SHIM_CHIP_LOOKUP_H

#include "api.h"

#if FIREPUMP_GPIOD_API == 2

/// Opens a chip by number ("0" is /dev/gpiochip0), label, path ("/dev/gpiochip0") or name in
/// /dev ("gpiochip0"), tried in that order like 1.6's lookup. NULL with errno set (ENOENT when
/// nothing matches).
struct gpiod_chip *fpgpiod_chip_lookup(const char *description);

/// Calls `visit` with the info of every GPIO chip in /dev, in name order.
void fpgpiod_each_chip(void (*visit)(struct gpiod_chip_info *info, void *context), void *context);

#endif
#endif
