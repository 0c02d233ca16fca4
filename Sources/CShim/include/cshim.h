#ifndef CSHIM_H
#define CSHIM_H
#include <stddef.h>
/// memmem(3): a GNU extension that Swift's Glibc module does not export.
const void *cshim_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len);
#endif
