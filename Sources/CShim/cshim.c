#define _GNU_SOURCE
#include <string.h>
#include "cshim.h"

const void *cshim_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len) {
    return memmem(haystack, haystack_len, needle, needle_len);
}

#if defined(__linux__)
#include <sys/vfs.h>
long cshim_filesystem_type(int fd) {
    struct statfs info;
    return fstatfs(fd, &info) == 0 ? (long)info.f_type : -1;
}
#else
long cshim_filesystem_type(int fd) {
    (void)fd;
    return -1;
}
#endif
