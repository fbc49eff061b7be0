// adjtimex(2), to tell whether the kernel's clock is synchronised (glibc; nothing to link).
#include <sys/timex.h>
