// The C API of libmosquitto, for the FirepumpMQTT target, the only Swift code that imports it.
// Also a way to name the network thread: Swift's Glibc module lacks the GNU pthread_setname_np.
#ifndef FIREPUMP_CMOSQUITTO_SHIM_H
#define FIREPUMP_CMOSQUITTO_SHIM_H
#include <mosquitto.h>
#include <pthread.h>

int pthread_setname_np(pthread_t thread, const char *name);

/// Names the calling thread (15 bytes at most), as `top -H` and /proc/PID/task/*/comm show it.
static inline int firepump_name_this_thread(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}
#endif
