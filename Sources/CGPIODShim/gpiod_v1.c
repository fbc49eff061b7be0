// CGPIODShim.h on libgpiod 1.x (1.6 in Debian 12): the GPIO character device's uAPI v1.
#include "api.h"

#if FIREPUMP_GPIOD_API == 1

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chip_list.h"

struct fpgpiod_chip {
    struct gpiod_chip *chip;
};

/// In 1.x a line belongs to its chip; this records the one handle this request holds.
struct fpgpiod_line {
    struct gpiod_line *line;
};

int fpgpiod_api_major(void) { return 1; }

const char *fpgpiod_library_version(void) { return gpiod_version_string(); }

const char *fpgpiod_call_name(fpgpiod_operation operation) {
    switch (operation) {
    case FPGPIOD_OP_OPEN_CHIP: return "gpiod_chip_open_lookup";
    case FPGPIOD_OP_REQUEST_OUTPUT: return "gpiod_line_request_output_flags";
    case FPGPIOD_OP_REQUEST_INPUT: return "gpiod_line_request_input_flags";
    case FPGPIOD_OP_REQUEST_RISING: return "gpiod_line_request_rising_edge_events_flags";
    case FPGPIOD_OP_REQUEST_FALLING: return "gpiod_line_request_falling_edge_events_flags";
    case FPGPIOD_OP_REQUEST_BOTH: return "gpiod_line_request_both_edges_events_flags";
    case FPGPIOD_OP_SET_VALUE: return "gpiod_line_set_value";
    case FPGPIOD_OP_GET_VALUE: return "gpiod_line_get_value";
    case FPGPIOD_OP_RELEASE: return "gpiod_line_release";
    }
    return "gpiod";
}

fpgpiod_chip *fpgpiod_chip_open(const char *description, fpgpiod_failure *failure) {
    struct fpgpiod_chip *chip = malloc(sizeof *chip);
    if (chip == NULL) {
        fpgpiod_fail(failure, "malloc");
        return NULL;
    }
    chip->chip = gpiod_chip_open_lookup(description);
    if (chip->chip == NULL) {
        fpgpiod_fail(failure, "gpiod_chip_open_lookup");
        free(chip);
        return NULL;
    }
    return chip;
}

void fpgpiod_chip_close(fpgpiod_chip *chip) {
    gpiod_chip_close(chip->chip);
    free(chip);
}

const char *fpgpiod_chip_name(const fpgpiod_chip *chip) { return gpiod_chip_name(chip->chip); }

const char *fpgpiod_chip_label(const fpgpiod_chip *chip) { return gpiod_chip_label(chip->chip); }

unsigned int fpgpiod_chip_line_count(const fpgpiod_chip *chip) { return gpiod_chip_num_lines(chip->chip); }

char *fpgpiod_describe_chips(void) {
    struct gpiod_chip_iter *iterator = gpiod_chip_iter_new();
    if (iterator == NULL) return NULL;
    struct fpgpiod_chip_list list = {NULL, 0};
    struct gpiod_chip *chip;
    while ((chip = gpiod_chip_iter_next(iterator)) != NULL) {
        fpgpiod_chip_list_append(&list, gpiod_chip_name(chip), gpiod_chip_label(chip));
    }
    gpiod_chip_iter_free(iterator);
    return list.text;
}

static int polarity_flag(bool active_low) { return active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0; }

/// BIAS_DISABLE for no pull, so a line left pulled by an earlier user (or the firmware) floats.
static int bias_flag(fpgpiod_bias bias) {
    switch (bias) {
    case FPGPIOD_BIAS_PULL_UP: return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
    case FPGPIOD_BIAS_PULL_DOWN: return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
    case FPGPIOD_BIAS_DISABLED: break;
    }
    return GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
}

/// The chip's handle of a line wrapped for one request, or NULL (failure filled).
static struct fpgpiod_line *line_of(fpgpiod_chip *chip, unsigned int offset, fpgpiod_failure *failure) {
    struct fpgpiod_line *line = malloc(sizeof *line);
    if (line == NULL) {
        fpgpiod_fail(failure, "malloc");
        return NULL;
    }
    line->line = gpiod_chip_get_line(chip->chip, offset);
    if (line->line == NULL) {
        fpgpiod_fail(failure, "gpiod_chip_get_line");
        free(line);
        return NULL;
    }
    return line;
}

fpgpiod_line *fpgpiod_request_output(
    fpgpiod_chip *chip, unsigned int offset, const char *consumer, bool active_low, bool active,
    fpgpiod_failure *failure) {
    struct fpgpiod_line *line = line_of(chip, offset, failure);
    if (line == NULL) return NULL;
    if (gpiod_line_request_output_flags(line->line, consumer, polarity_flag(active_low), active ? 1 : 0) != 0) {
        fpgpiod_fail(failure, fpgpiod_call_name(FPGPIOD_OP_REQUEST_OUTPUT));
        free(line);
        return NULL;
    }
    return line;
}

/// With the v1 uAPI the kernel applies the polarity to edges itself (an active-low line's rising
/// edge is the electrical fall), and a single-edge request's event kind is fixed by the request
/// rather than read back from the line afterwards, which a fast bounce could already have changed.
fpgpiod_line *fpgpiod_request_input(
    fpgpiod_chip *chip, unsigned int offset, const char *consumer, bool active_low, fpgpiod_bias bias,
    fpgpiod_edges edges, fpgpiod_failure *failure) {
    struct fpgpiod_line *line = line_of(chip, offset, failure);
    if (line == NULL) return NULL;
    int flags = polarity_flag(active_low) | bias_flag(bias);
    int result = -1;
    fpgpiod_operation operation = FPGPIOD_OP_REQUEST_INPUT;
    switch (edges) {
    case FPGPIOD_EDGES_NONE:
        result = gpiod_line_request_input_flags(line->line, consumer, flags);
        break;
    case FPGPIOD_EDGES_RISING:
        operation = FPGPIOD_OP_REQUEST_RISING;
        result = gpiod_line_request_rising_edge_events_flags(line->line, consumer, flags);
        break;
    case FPGPIOD_EDGES_FALLING:
        operation = FPGPIOD_OP_REQUEST_FALLING;
        result = gpiod_line_request_falling_edge_events_flags(line->line, consumer, flags);
        break;
    case FPGPIOD_EDGES_BOTH:
        operation = FPGPIOD_OP_REQUEST_BOTH;
        result = gpiod_line_request_both_edges_events_flags(line->line, consumer, flags);
        break;
    }
    if (result != 0) {
        fpgpiod_fail(failure, fpgpiod_call_name(operation));
        free(line);
        return NULL;
    }
    return line;
}

bool fpgpiod_line_consumer(fpgpiod_chip *chip, unsigned int offset, char *buffer, size_t size) {
    struct gpiod_line *line = gpiod_chip_get_line(chip->chip, offset);
    if (line == NULL || gpiod_line_update(line) != 0 || size == 0) return false;
    const char *consumer = gpiod_line_consumer(line);
    snprintf(buffer, size, "%s", consumer != NULL ? consumer : "");
    return true;
}

void fpgpiod_line_release(fpgpiod_line *line) {
    gpiod_line_release(line->line);
    free(line);
}

int fpgpiod_line_set(fpgpiod_line *line, bool active, fpgpiod_failure *failure) {
    if (gpiod_line_set_value(line->line, active ? 1 : 0) != 0) {
        fpgpiod_fail(failure, "gpiod_line_set_value");
        return -1;
    }
    return 0;
}

int fpgpiod_line_get(fpgpiod_line *line, fpgpiod_failure *failure) {
    int value = gpiod_line_get_value(line->line);
    if (value < 0) {
        fpgpiod_fail(failure, "gpiod_line_get_value");
        return -1;
    }
    return value == 1;
}

int fpgpiod_line_event_fd(fpgpiod_line *line, fpgpiod_failure *failure) {
    int fd = gpiod_line_event_get_fd(line->line);
    if (fd < 0) {
        fpgpiod_fail(failure, "gpiod_line_event_get_fd");
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        fpgpiod_fail(failure, "fcntl(O_NONBLOCK)");
        return -1;
    }
    return fd;
}

int fpgpiod_line_read_edges(fpgpiod_line *line, fpgpiod_edge *edges, unsigned int max, fpgpiod_failure *failure) {
    struct gpiod_line_event events[FPGPIOD_MAX_EDGES_PER_READ];
    if (max > FPGPIOD_MAX_EDGES_PER_READ) max = FPGPIOD_MAX_EDGES_PER_READ;
    int fd = gpiod_line_event_get_fd(line->line);
    int count = fd < 0 ? -1 : gpiod_line_event_read_fd_multiple(fd, events, max);
    if (count < 0) {
        fpgpiod_fail(failure, "gpiod_line_event_read_fd_multiple");
        return -1;
    }
    for (int index = 0; index < count; index++) {
        switch (events[index].event_type) {
        case GPIOD_LINE_EVENT_RISING_EDGE: edges[index] = FPGPIOD_EDGE_RISING; break;
        case GPIOD_LINE_EVENT_FALLING_EDGE: edges[index] = FPGPIOD_EDGE_FALLING; break;
        default: edges[index] = FPGPIOD_EDGE_UNKNOWN; break;
        }
    }
    return count;
}

#endif
