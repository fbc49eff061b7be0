// CGPIODShim.h on libgpiod 2.x (2.2 in Debian 13): the GPIO character device's uAPI v2.
// Only functions that libgpiod 2.1 already has are called (Debian 13 ships 2.2.1).
#include "api.h"

#if FIREPUMP_GPIOD_API == 2

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chip_list.h"
#include "chip_lookup.h"

struct fpgpiod_chip {
    struct gpiod_chip *chip;
    char *name;
    char *label;
    unsigned int line_count;
};

/// In 2.x a request owns its lines; firepump requests one line at a time, so it can release
/// each on its own. `events` is the buffer edges are read into (NULL without edge detection).
struct fpgpiod_line {
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *events;
    unsigned int offset;
};

int fpgpiod_api_major(void) { return 2; }

const char *fpgpiod_library_version(void) { return gpiod_api_version(); }

const char *fpgpiod_call_name(fpgpiod_operation operation) {
    switch (operation) {
    case FPGPIOD_OP_OPEN_CHIP: return "gpiod_chip_open";
    case FPGPIOD_OP_REQUEST_OUTPUT:
    case FPGPIOD_OP_REQUEST_INPUT:
    case FPGPIOD_OP_REQUEST_RISING:
    case FPGPIOD_OP_REQUEST_FALLING:
    case FPGPIOD_OP_REQUEST_BOTH: return "gpiod_chip_request_lines";
    case FPGPIOD_OP_SET_VALUE: return "gpiod_line_request_set_value";
    case FPGPIOD_OP_GET_VALUE: return "gpiod_line_request_get_value";
    case FPGPIOD_OP_RELEASE: return "gpiod_line_request_release";
    }
    return "gpiod";
}

fpgpiod_chip *fpgpiod_chip_open(const char *description, fpgpiod_failure *failure) {
    struct gpiod_chip *opened = fpgpiod_chip_lookup(description);
    if (opened == NULL) {
        fpgpiod_fail(failure, "gpiod_chip_open");
        return NULL;
    }
    struct gpiod_chip_info *info = gpiod_chip_get_info(opened);
    if (info == NULL) {
        fpgpiod_fail(failure, "gpiod_chip_get_info");
        gpiod_chip_close(opened);
        return NULL;
    }
    struct fpgpiod_chip *chip = calloc(1, sizeof *chip);
    if (chip != NULL) {
        chip->chip = opened;
        chip->name = strdup(gpiod_chip_info_get_name(info));
        chip->label = strdup(gpiod_chip_info_get_label(info));
        chip->line_count = (unsigned int)gpiod_chip_info_get_num_lines(info);
    }
    gpiod_chip_info_free(info);
    if (chip == NULL || chip->name == NULL || chip->label == NULL) {
        fpgpiod_fail(failure, "malloc");
        if (chip != NULL) fpgpiod_chip_close(chip);
        else gpiod_chip_close(opened);
        return NULL;
    }
    return chip;
}

void fpgpiod_chip_close(fpgpiod_chip *chip) {
    gpiod_chip_close(chip->chip);
    free(chip->name);
    free(chip->label);
    free(chip);
}

const char *fpgpiod_chip_name(const fpgpiod_chip *chip) { return chip->name; }

const char *fpgpiod_chip_label(const fpgpiod_chip *chip) { return chip->label; }

unsigned int fpgpiod_chip_line_count(const fpgpiod_chip *chip) { return chip->line_count; }

/// Adds one chip's line to the list; called by fpgpiod_each_chip.
static void append_chip(struct gpiod_chip_info *info, void *context) {
    fpgpiod_chip_list_append(context, gpiod_chip_info_get_name(info), gpiod_chip_info_get_label(info));
}

char *fpgpiod_describe_chips(void) {
    struct fpgpiod_chip_list list = {NULL, 0};
    fpgpiod_each_chip(append_chip, &list);
    return list.text;
}

static enum gpiod_line_bias line_bias(fpgpiod_bias bias) {
    switch (bias) {
    case FPGPIOD_BIAS_PULL_UP: return GPIOD_LINE_BIAS_PULL_UP;
    case FPGPIOD_BIAS_PULL_DOWN: return GPIOD_LINE_BIAS_PULL_DOWN;
    case FPGPIOD_BIAS_DISABLED: break;
    }
    return GPIOD_LINE_BIAS_DISABLED;
}

static enum gpiod_line_edge line_edge(fpgpiod_edges edges) {
    switch (edges) {
    case FPGPIOD_EDGES_RISING: return GPIOD_LINE_EDGE_RISING;
    case FPGPIOD_EDGES_FALLING: return GPIOD_LINE_EDGE_FALLING;
    case FPGPIOD_EDGES_BOTH: return GPIOD_LINE_EDGE_BOTH;
    case FPGPIOD_EDGES_NONE: break;
    }
    return GPIOD_LINE_EDGE_NONE;
}

/// Requests one line with `settings` (freed here) under `consumer`, with an event buffer when
/// `edges` is set. NULL on failure.
static struct fpgpiod_line *request_line(
    fpgpiod_chip *chip, unsigned int offset, const char *consumer, struct gpiod_line_settings *settings,
    bool edges, fpgpiod_failure *failure) {
    struct fpgpiod_line *line = NULL;
    struct gpiod_line_config *line_config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    if (line_config == NULL || request_config == NULL) {
        fpgpiod_fail(failure, line_config == NULL ? "gpiod_line_config_new" : "gpiod_request_config_new");
        goto done;
    }
    if (gpiod_line_config_add_line_settings(line_config, &offset, 1, settings) != 0) {
        fpgpiod_fail(failure, "gpiod_line_config_add_line_settings");
        goto done;
    }
    gpiod_request_config_set_consumer(request_config, consumer);
    line = calloc(1, sizeof *line);
    if (line == NULL) {
        fpgpiod_fail(failure, "malloc");
        goto done;
    }
    line->offset = offset;
    if (edges && (line->events = gpiod_edge_event_buffer_new(FPGPIOD_MAX_EDGES_PER_READ)) == NULL) {
        fpgpiod_fail(failure, "gpiod_edge_event_buffer_new");
        free(line);
        line = NULL;
        goto done;
    }
    line->request = gpiod_chip_request_lines(chip->chip, request_config, line_config);
    if (line->request == NULL) {
        fpgpiod_fail(failure, "gpiod_chip_request_lines");
        if (line->events != NULL) gpiod_edge_event_buffer_free(line->events);
        free(line);
        line = NULL;
    }
done:
    if (request_config != NULL) gpiod_request_config_free(request_config);
    if (line_config != NULL) gpiod_line_config_free(line_config);
    gpiod_line_settings_free(settings);
    return line;
}

/// New line settings with a direction and polarity, or NULL (failure filled).
static struct gpiod_line_settings *new_settings(
    enum gpiod_line_direction direction, bool active_low, fpgpiod_failure *failure) {
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    if (settings == NULL) {
        fpgpiod_fail(failure, "gpiod_line_settings_new");
        return NULL;
    }
    if (gpiod_line_settings_set_direction(settings, direction) != 0) {
        fpgpiod_fail(failure, "gpiod_line_settings_set_direction");
        gpiod_line_settings_free(settings);
        return NULL;
    }
    gpiod_line_settings_set_active_low(settings, active_low);
    return settings;
}

fpgpiod_line *fpgpiod_request_output(
    fpgpiod_chip *chip, unsigned int offset, const char *consumer, bool active_low, bool active,
    fpgpiod_failure *failure) {
    struct gpiod_line_settings *settings = new_settings(GPIOD_LINE_DIRECTION_OUTPUT, active_low, failure);
    if (settings == NULL) return NULL;
    enum gpiod_line_value value = active ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE;
    if (gpiod_line_settings_set_output_value(settings, value) != 0) {
        fpgpiod_fail(failure, "gpiod_line_settings_set_output_value");
        gpiod_line_settings_free(settings);
        return NULL;
    }
    return request_line(chip, offset, consumer, settings, false, failure);
}

/// The v2 uAPI applies the polarity to edges too (rising means the line became active), and a
/// single-edge request reports the kind it was asked for.
fpgpiod_line *fpgpiod_request_input(
    fpgpiod_chip *chip, unsigned int offset, const char *consumer, bool active_low, fpgpiod_bias bias,
    fpgpiod_edges edges, fpgpiod_failure *failure) {
    struct gpiod_line_settings *settings = new_settings(GPIOD_LINE_DIRECTION_INPUT, active_low, failure);
    if (settings == NULL) return NULL;
    const char *failed = NULL;
    if (gpiod_line_settings_set_bias(settings, line_bias(bias)) != 0) {
        failed = "gpiod_line_settings_set_bias";
    } else if (gpiod_line_settings_set_edge_detection(settings, line_edge(edges)) != 0) {
        failed = "gpiod_line_settings_set_edge_detection";
    }
    if (failed != NULL) {
        fpgpiod_fail(failure, failed);
        gpiod_line_settings_free(settings);
        return NULL;
    }
    return request_line(chip, offset, consumer, settings, edges != FPGPIOD_EDGES_NONE, failure);
}

bool fpgpiod_line_consumer(fpgpiod_chip *chip, unsigned int offset, char *buffer, size_t size) {
    struct gpiod_line_info *info = gpiod_chip_get_line_info(chip->chip, offset);
    if (info == NULL) return false;
    if (size == 0) {
        gpiod_line_info_free(info);
        return false;
    }
    const char *consumer = gpiod_line_info_get_consumer(info);
    snprintf(buffer, size, "%s", consumer != NULL ? consumer : "");
    gpiod_line_info_free(info);
    return true;
}

void fpgpiod_line_release(fpgpiod_line *line) {
    gpiod_line_request_release(line->request);
    if (line->events != NULL) gpiod_edge_event_buffer_free(line->events);
    free(line);
}

int fpgpiod_line_set(fpgpiod_line *line, bool active, fpgpiod_failure *failure) {
    enum gpiod_line_value value = active ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE;
    if (gpiod_line_request_set_value(line->request, line->offset, value) != 0) {
        fpgpiod_fail(failure, "gpiod_line_request_set_value");
        return -1;
    }
    return 0;
}

int fpgpiod_line_get(fpgpiod_line *line, fpgpiod_failure *failure) {
    enum gpiod_line_value value = gpiod_line_request_get_value(line->request, line->offset);
    if (value == GPIOD_LINE_VALUE_ERROR) {
        fpgpiod_fail(failure, "gpiod_line_request_get_value");
        return -1;
    }
    return value == GPIOD_LINE_VALUE_ACTIVE;
}

int fpgpiod_line_event_fd(fpgpiod_line *line, fpgpiod_failure *failure) {
    int fd = gpiod_line_request_get_fd(line->request);
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        fpgpiod_fail(failure, "fcntl(O_NONBLOCK)");
        return -1;
    }
    return fd;
}

int fpgpiod_line_read_edges(fpgpiod_line *line, fpgpiod_edge *edges, unsigned int max, fpgpiod_failure *failure) {
    if (line->events == NULL) errno = EPERM;
    int count = line->events == NULL ? -1 : gpiod_line_request_read_edge_events(line->request, line->events, max);
    if (count < 0) {
        fpgpiod_fail(failure, "gpiod_line_request_read_edge_events");
        return -1;
    }
    for (int index = 0; index < count; index++) {
        struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(line->events, (unsigned long)index);
        switch (gpiod_edge_event_get_event_type(event)) {
        case GPIOD_EDGE_EVENT_RISING_EDGE: edges[index] = FPGPIOD_EDGE_RISING; break;
        case GPIOD_EDGE_EVENT_FALLING_EDGE: edges[index] = FPGPIOD_EDGE_FALLING; break;
        default: edges[index] = FPGPIOD_EDGE_UNKNOWN; break;
        }
    }
    return count;
}

#endif
