#ifndef CMSPACK_SHIM_H
#define CMSPACK_SHIM_H
/* libmspack (MSZIP, LZX, Quantum cabinets) reading from memory: cabinets are never written to disk, and
   members are streamed to a callback. libmspack names files by `const char *`; here a "name" is a pointer
   to a `cmspack_source` (bytes to read, or a sink to write to), which libmspack passes back to `open`. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <mspack.h>

/* Receives decompressed bytes; returns 0 to go on, non-zero to stop (a limit tripped). */
typedef int (*cmspack_sink)(void *context, const void *bytes, int count);

struct cmspack_source {
    const unsigned char *bytes; /* the cabinet, for reading */
    size_t count;
    cmspack_sink sink;          /* for writing a member */
    void *context;
};

struct cmspack_handle {
    const struct cmspack_source *source;
    size_t position;
    int writing;
};

static struct mspack_file *cmspack_open_(struct mspack_system *self, const char *name, int mode) {
    (void)self;
    const struct cmspack_source *source = (const struct cmspack_source *)(const void *)name;
    if (source == NULL) return NULL;
    int writing = (mode == MSPACK_SYS_OPEN_WRITE);
    if (writing && source->sink == NULL) return NULL;
    if (!writing && (mode != MSPACK_SYS_OPEN_READ || source->bytes == NULL)) return NULL;
    struct cmspack_handle *handle = (struct cmspack_handle *)malloc(sizeof *handle);
    if (handle == NULL) return NULL;
    handle->source = source;
    handle->position = 0;
    handle->writing = writing;
    return (struct mspack_file *)(void *)handle;
}

static void cmspack_close_(struct mspack_file *file) { free(file); }

static int cmspack_read_(struct mspack_file *file, void *buffer, int bytes) {
    struct cmspack_handle *handle = (struct cmspack_handle *)(void *)file;
    if (handle == NULL || handle->writing || bytes < 0) return -1;
    size_t left = handle->source->count - handle->position;
    size_t n = (size_t)bytes < left ? (size_t)bytes : left;
    if (n > 0) memcpy(buffer, handle->source->bytes + handle->position, n);
    handle->position += n;
    return (int)n;
}

static int cmspack_write_(struct mspack_file *file, void *buffer, int bytes) {
    struct cmspack_handle *handle = (struct cmspack_handle *)(void *)file;
    if (handle == NULL || !handle->writing || bytes < 0) return -1;
    if (bytes > 0 && handle->source->sink(handle->source->context, buffer, bytes) != 0) return -1;
    handle->position += (size_t)bytes;
    return bytes;
}

static int cmspack_seek_(struct mspack_file *file, off_t offset, int mode) {
    struct cmspack_handle *handle = (struct cmspack_handle *)(void *)file;
    if (handle == NULL || handle->writing) return -1;
    off_t base;
    switch (mode) {
    case MSPACK_SYS_SEEK_START: base = 0; break;
    case MSPACK_SYS_SEEK_CUR: base = (off_t)handle->position; break;
    case MSPACK_SYS_SEEK_END: base = (off_t)handle->source->count; break;
    default: return -1;
    }
    off_t target = base + offset;
    if (offset > 0 && target < base) return -1;
    if (target < 0 || (size_t)target > handle->source->count) return -1;
    handle->position = (size_t)target;
    return 0;
}

static off_t cmspack_tell_(struct mspack_file *file) {
    struct cmspack_handle *handle = (struct cmspack_handle *)(void *)file;
    return handle == NULL ? -1 : (off_t)handle->position;
}

static void cmspack_message_(struct mspack_file *file, const char *format, ...) { (void)file; (void)format; }
static void *cmspack_alloc_(struct mspack_system *self, size_t bytes) { (void)self; return malloc(bytes); }
static void cmspack_free_(void *pointer) { free(pointer); }
static void cmspack_copy_(void *source, void *destination, size_t bytes) { memmove(destination, source, bytes); }

/* A memory-only mspack_system. */
static inline struct mspack_system cmspack_memory_system(void) {
    struct mspack_system system;
    system.open = cmspack_open_;
    system.close = cmspack_close_;
    system.read = cmspack_read_;
    system.write = cmspack_write_;
    system.seek = cmspack_seek_;
    system.tell = cmspack_tell_;
    system.message = cmspack_message_;
    system.alloc = cmspack_alloc_;
    system.free = cmspack_free_;
    system.copy = cmspack_copy_;
    system.null_ptr = NULL;
    return system;
}

/* The decompressor's function pointers, called from Swift through these (no variadic or pointer-table
   juggling on the Swift side). */
static inline struct mscabd_cabinet *cmspack_open(struct mscab_decompressor *cabd, const struct cmspack_source *source) {
    return cabd->open(cabd, (const char *)(const void *)source);
}
static inline void cmspack_close(struct mscab_decompressor *cabd, struct mscabd_cabinet *cabinet) {
    cabd->close(cabd, cabinet);
}
static inline int cmspack_extract(struct mscab_decompressor *cabd, struct mscabd_file *file,
                                  const struct cmspack_source *sink) {
    return cabd->extract(cabd, file, (const char *)(const void *)sink);
}
static inline int cmspack_set_param(struct mscab_decompressor *cabd, int param, int value) {
    return cabd->set_param(cabd, param, value);
}
static inline int cmspack_last_error(struct mscab_decompressor *cabd) { return cabd->last_error(cabd); }
#endif
