// One small C API over libgpiod for the FirepumpGPIOD target, whichever libgpiod is installed:
// 1.6 (Debian 12, uAPI v1) or 2.x (Debian 13, uAPI v2). The implementation compiles against the
// installed <gpiod.h> and picks its branch from it (api.h); this header does not include gpiod.h,
// so Swift sees only what is declared here.
//
// One line per request: each requested line is its own `fpgpiod_line`, released on its own.
// Values are logical (the polarity given in the request is applied by the kernel).
// Nothing here is thread-safe: the caller serialises every call on a chip and its lines.
// Every function that can fail fills a `fpgpiod_failure` naming the libgpiod (or libc) call that
// failed and the errno it left.
#ifndef FIREPUMP_CGPIOD_SHIM_H
#define FIREPUMP_CGPIOD_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/eventfd.h>

/// The call that failed and its errno.
typedef struct {
    /// The function's name, a static string, e.g. "gpiod_chip_request_lines".
    const char *call;
    /// The errno it left.
    int number;
} fpgpiod_failure;

/// An open GPIO chip.
typedef struct fpgpiod_chip fpgpiod_chip;
/// One requested line.
typedef struct fpgpiod_line fpgpiod_line;

typedef enum {
    FPGPIOD_BIAS_DISABLED,
    FPGPIOD_BIAS_PULL_UP,
    FPGPIOD_BIAS_PULL_DOWN,
} fpgpiod_bias;

typedef enum {
    FPGPIOD_EDGES_NONE,
    FPGPIOD_EDGES_RISING,
    FPGPIOD_EDGES_FALLING,
    FPGPIOD_EDGES_BOTH,
} fpgpiod_edges;

/// A logical edge read from a line: rising means the line became active.
typedef enum {
    FPGPIOD_EDGE_UNKNOWN,
    FPGPIOD_EDGE_RISING,
    FPGPIOD_EDGE_FALLING,
} fpgpiod_edge;

/// What the driver does, for naming the libgpiod call of this version in errors raised before
/// (or instead of) the call, e.g. setting a line that was never requested.
typedef enum {
    FPGPIOD_OP_OPEN_CHIP,
    FPGPIOD_OP_REQUEST_OUTPUT,
    FPGPIOD_OP_REQUEST_INPUT,
    FPGPIOD_OP_REQUEST_RISING,
    FPGPIOD_OP_REQUEST_FALLING,
    FPGPIOD_OP_REQUEST_BOTH,
    FPGPIOD_OP_SET_VALUE,
    FPGPIOD_OP_GET_VALUE,
    FPGPIOD_OP_RELEASE,
} fpgpiod_operation;

/// The major version of the libgpiod API this was compiled against: 1 or 2.
int fpgpiod_api_major(void);
/// The version of the libgpiod library loaded at run time, e.g. "1.6.3" or "2.2.1".
const char *fpgpiod_library_version(void);
/// The libgpiod function that performs an operation in this version.
const char *fpgpiod_call_name(fpgpiod_operation operation);

/// Opens a chip by name ("gpiochip0"), number ("0"), label ("pinctrl-bcm2711") or path
/// ("/dev/gpiochip0"), as libgpiod 1.6's gpiod_chip_open_lookup does. NULL on failure.
fpgpiod_chip *fpgpiod_chip_open(const char *description, fpgpiod_failure *failure);
/// Closes a chip. Release its lines first.
void fpgpiod_chip_close(fpgpiod_chip *chip);
/// The kernel's name of the chip, e.g. "gpiochip0"; valid until the chip is closed.
const char *fpgpiod_chip_name(const fpgpiod_chip *chip);
/// The chip's label, e.g. "pinctrl-bcm2711"; valid until the chip is closed.
const char *fpgpiod_chip_label(const fpgpiod_chip *chip);
/// The number of lines on the chip.
unsigned int fpgpiod_chip_line_count(const fpgpiod_chip *chip);
/// Every GPIO chip of the machine as "name [label]" lines, in /dev order; NULL when there are
/// none or /dev cannot be read. The caller frees it with free().
char *fpgpiod_describe_chips(void);

/// Requests an output driven to `active` (logical) in the same request. NULL on failure.
fpgpiod_line *fpgpiod_request_output(
    fpgpiod_chip *chip, unsigned int offset, const char *consumer, bool active_low, bool active,
    fpgpiod_failure *failure);
/// Requests an input with its bias and edge detection. NULL on failure.
fpgpiod_line *fpgpiod_request_input(
    fpgpiod_chip *chip, unsigned int offset, const char *consumer, bool active_low, fpgpiod_bias bias,
    fpgpiod_edges edges, fpgpiod_failure *failure);
/// Copies the consumer that holds a line (as the kernel reports it) into `buffer`; an empty
/// string when it has none. Returns false when the line's info cannot be read.
bool fpgpiod_line_consumer(fpgpiod_chip *chip, unsigned int offset, char *buffer, size_t size);
/// Releases a line and frees it.
void fpgpiod_line_release(fpgpiod_line *line);

/// Drives an output to a logical value. 0 on success, -1 on failure.
int fpgpiod_line_set(fpgpiod_line *line, bool active, fpgpiod_failure *failure);
/// Reads a line's logical value: 1 active, 0 inactive, -1 on failure.
int fpgpiod_line_get(fpgpiod_line *line, fpgpiod_failure *failure);

/// The descriptor that becomes readable when an input with edge detection has edges queued,
/// switched to non-blocking. Closed by fpgpiod_line_release. -1 on failure.
int fpgpiod_line_event_fd(fpgpiod_line *line, fpgpiod_failure *failure);
/// The most edges one fpgpiod_line_read_edges call returns.
#define FPGPIOD_MAX_EDGES_PER_READ 16

/// Reads up to `max` (at most FPGPIOD_MAX_EDGES_PER_READ) queued edges into `edges` without
/// blocking, oldest first. Returns how many were read, or -1 on failure (errno EAGAIN when none
/// was queued).
int fpgpiod_line_read_edges(fpgpiod_line *line, fpgpiod_edge *edges, unsigned int max, fpgpiod_failure *failure);

#endif
