// The C API of libgpiod 1.6 (GPIO character device, uAPI v1), for the FirepumpGPIOD target,
// the only Swift code that imports it. Also eventfd(2), which Swift's Glibc module lacks and
// the edge reader uses to wake itself out of poll().
#ifndef FIREPUMP_CGPIOD_SHIM_H
#define FIREPUMP_CGPIOD_SHIM_H
#include <gpiod.h>
#include <sys/eventfd.h>
#endif
