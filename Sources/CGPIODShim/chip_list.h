// The text fpgpiod_describe_chips returns, built one chip at a time by either API's version.
#ifndef FIREPUMP_CGPIOD_SHIM_CHIP_LIST_H
#define FIREPUMP_CGPIOD_SHIM_CHIP_LIST_H

#include <stdbool.h>
#include <stddef.h>

/// A growing "name [label]\n..." text; `text` is NULL until the first chip.
struct fpgpiod_chip_list {
    char *text;
    size_t length;
};

/// Appends "name [label]" as a new line; false when out of memory (the list stays as it was).
bool fpgpiod_chip_list_append(struct fpgpiod_chip_list *list, const char *name, const char *label);

#endif
