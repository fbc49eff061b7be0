#include "chip_lookup.h"

#if FIREPUMP_GPIOD_API == 2

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_chip_entry(const struct dirent *entry) { return strncmp(entry->d_name, "gpiochip", 8) == 0; }

void fpgpiod_each_chip(void (*visit)(struct gpiod_chip_info *info, void *context), void *context) {
    struct dirent **entries;
    int count = scandir("/dev", &entries, is_chip_entry, alphasort);
    if (count < 0) return;
    for (int index = 0; index < count; index++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "/dev/%s", entries[index]->d_name);
        free(entries[index]);
        struct gpiod_chip *chip = gpiod_chip_open(path);
        if (chip == NULL) continue;
        struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
        if (info != NULL) {
            visit(info, context);
            gpiod_chip_info_free(info);
        }
        gpiod_chip_close(chip);
    }
    free(entries);
}

/// The chip with a given label, found by fpgpiod_each_chip.
struct label_search {
    const char *label;
    char name[NAME_MAX + 1];
    bool found;
};

static void match_label(struct gpiod_chip_info *info, void *context) {
    struct label_search *search = context;
    if (search->found || strcmp(gpiod_chip_info_get_label(info), search->label) != 0) return;
    snprintf(search->name, sizeof search->name, "%s", gpiod_chip_info_get_name(info));
    search->found = true;
}

static bool is_number(const char *text) {
    if (*text == '\0') return false;
    for (; *text != '\0'; text++) {
        if (*text < '0' || *text > '9') return false;
    }
    return true;
}

struct gpiod_chip *fpgpiod_chip_lookup(const char *description) {
    char path[PATH_MAX];
    if (is_number(description)) {
        snprintf(path, sizeof path, "/dev/gpiochip%s", description);
        return gpiod_chip_open(path);
    }
    struct label_search search = {.label = description};
    fpgpiod_each_chip(match_label, &search);
    if (search.found) {
        snprintf(path, sizeof path, "/dev/%s", search.name);
        return gpiod_chip_open(path);
    }
    if (description[0] == '/') return gpiod_chip_open(description);
    snprintf(path, sizeof path, "/dev/%s", description);
    return gpiod_chip_open(path);
}

#endif
