// The installed libgpiod's C API, 1.6 or 2.x. Only the CGPIODShim target includes it (this
// system-library target gives it the header and linker flags from pkg-config, libgpiod.pc);
// Swift code imports CGPIODShim's version-neutral API instead.
#ifndef FIREPUMP_CGPIOD_SHIM_H
#define FIREPUMP_CGPIOD_SHIM_H
#include <gpiod.h>
#endif
