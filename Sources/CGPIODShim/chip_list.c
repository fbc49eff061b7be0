#include "chip_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool fpgpiod_chip_list_append(struct fpgpiod_chip_list *list, const char *name, const char *label) {
    size_t added = strlen(name) + strlen(label) + 4; // "name [label]\n"
    char *grown = realloc(list->text, list->length + added + 1);
    if (grown == NULL) return false;
    list->text = grown;
    list->length += (size_t)snprintf(grown + list->length, added + 1, "%s [%s]\n", name, label);
    return true;
}
