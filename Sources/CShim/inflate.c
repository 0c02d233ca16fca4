#include "cshim.h"
#include <limits.h>
#include <stdlib.h>
#include <zlib.h>

struct cshim_inflater {
    z_stream stream;
};

cshim_inflater *cshim_inflater_new(void) {
    cshim_inflater *inflater = calloc(1, sizeof *inflater);
    if (!inflater) return NULL;
    if (inflateInit2(&inflater->stream, -MAX_WBITS) != Z_OK) {
        free(inflater);
        return NULL;
    }
    return inflater;
}

void cshim_inflater_free(cshim_inflater *inflater) {
    if (!inflater) return;
    inflateEnd(&inflater->stream);
    free(inflater);
}

int cshim_inflate(cshim_inflater *inflater, const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
                  size_t *consumed, size_t *produced) {
    z_stream *z = &inflater->stream;
    uInt in_avail = in_len > UINT_MAX ? UINT_MAX : (uInt)in_len;
    uInt out_avail = out_len > UINT_MAX ? UINT_MAX : (uInt)out_len;
    z->next_in = (Bytef *)in;
    z->avail_in = in_avail;
    z->next_out = out;
    z->avail_out = out_avail;
    int status = inflate(z, Z_NO_FLUSH);
    *consumed = in_avail - z->avail_in;
    *produced = out_avail - z->avail_out;
    if (status == Z_STREAM_END) return 1;
    if (status == Z_OK || status == Z_BUF_ERROR) return 0;
    return -1;
}

uint32_t cshim_crc32(uint32_t crc, const uint8_t *p, size_t n) {
    while (n > 0) {
        uInt chunk = n > UINT_MAX ? UINT_MAX : (uInt)n;
        crc = (uint32_t)crc32(crc, p, chunk);
        p += chunk;
        n -= chunk;
    }
    return crc;
}
