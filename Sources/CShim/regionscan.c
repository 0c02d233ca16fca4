// One pass over a region of the read buffer that marks what the line code needs: line ends, `0x`/`0X`
// pairs (possible status codes) and the occurrences of many literals (Teddy, the multi-literal search of
// Hyperscan and Rust's aho-corasick, in its 16-bucket, 4-byte fingerprint form). Each literal is
// represented by four consecutive bytes of it, its fingerprint; shuffles of two nibble tables per position
// give, for 32 positions at once, the buckets whose fingerprints may start there; the literals of those
// buckets are then compared in full. Vector code needs AVX2; elsewhere a byte-at-a-time loop gives the
// same marks. Where the CPU has AVX-512 (BW and VL), 64 positions a turn, with the tables in 32 registers
// (AVX2 has 16 for 16 tables and the constants: the compiler spills the tables to the stack).
#include <stdlib.h>
#include <string.h>
#include "cshim.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// Compares the literals of the buckets in `bits` whose fingerprint would start at `at`; appends matches.
static inline void verify(const cshim_teddy *t, const uint8_t *p, size_t n, size_t at, unsigned bits,
                          cshim_marks *m) {
    while (bits) {
        unsigned b = (unsigned)__builtin_ctz(bits);
        bits &= bits - 1;
        for (unsigned e = t->first[b]; e < t->first[b + 1]; e++) {
            uint16_t l = t->entries[e];
            size_t off = t->offsets[l], len = t->lengths[l];
            if (at < off) continue;
            size_t start = at - off;
            if (start + len > n || memcmp(p + start, t->bytes[l], len) != 0) continue;
            m->starts[m->hits] = (uint32_t)start;
            m->literals[m->hits] = l;
            m->hits++;
        }
    }
}

/// Room for one more block of `width` positions in every list.
static inline int room(const cshim_teddy *t, const cshim_marks *m, size_t width) {
    size_t most = t ? (size_t)t->first[16] : 0;
    return m->hits + width * most <= m->cap && m->lines + width <= m->cap && m->hexes + width <= m->cap;
}

/// Appends `block + b` to `list` for each bit b set in `mask` (a vector compare's result), in order.
static inline void append_positions(uint32_t *list, size_t *count, size_t block, uint64_t mask) {
    while (mask) {
        list[(*count)++] = (uint32_t)(block + (unsigned)__builtin_ctzll(mask));
        mask &= mask - 1;
    }
}

/// Compares in full, for each position of the block whose bit is set in `mask`, the literals of the buckets
/// its two bucket-bit bytes name (`low` for buckets 0-7, `high` for 8-15, stored from the vector results).
static inline void verify_block(const cshim_teddy *t, const uint8_t *p, size_t n, size_t block, uint64_t mask,
                                const uint8_t *low, const uint8_t *high, cshim_marks *m) {
    while (mask) {
        unsigned bit = (unsigned)__builtin_ctzll(mask);
        mask &= mask - 1;
        verify(t, p, n, block + bit, (unsigned)low[bit] | (unsigned)high[bit] << 8, m);
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static size_t mark_avx2(const cshim_teddy *t, int lines, int hexes, const uint8_t *p, size_t n, size_t i,
                        cshim_marks *m) {
    __m256i lo[2][4], hi[2][4];
    if (t)
        for (int h = 0; h < 2; h++)
            for (int k = 0; k < 4; k++) {
                lo[h][k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t->masks[h][k][0]));
                hi[h][k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t->masks[h][k][1]));
            }
    const __m256i nibble = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    const __m256i newline = _mm256_set1_epi8('\n'), digit0 = _mm256_set1_epi8('0');
    const __m256i x = _mm256_set1_epi8('x'), fold = _mm256_set1_epi8(0x20);
    while (i + 35 <= n && room(t, m, 32)) {
        __m256i v0 = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i v1 = _mm256_loadu_si256((const __m256i *)(p + i + 1));
        if (lines) {
            append_positions(m->line_ends, &m->lines, i,
                             (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, newline)));
        }
        if (hexes) {
            __m256i pair = _mm256_and_si256(_mm256_cmpeq_epi8(v0, digit0),
                                            _mm256_cmpeq_epi8(_mm256_or_si256(v1, fold), x));
            append_positions(m->hex_prefixes, &m->hexes, i, (unsigned)_mm256_movemask_epi8(pair));
        }
        if (t) {
            __m256i ra = _mm256_set1_epi8((char)0xFF), rb = ra;
            for (int k = 0; k < 4; k++) {
                __m256i v = k == 0 ? v0 : k == 1 ? v1 : _mm256_loadu_si256((const __m256i *)(p + i + k));
                __m256i vl = _mm256_and_si256(v, nibble);
                __m256i vh = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
                ra = _mm256_and_si256(ra, _mm256_and_si256(_mm256_shuffle_epi8(lo[0][k], vl),
                                                           _mm256_shuffle_epi8(hi[0][k], vh)));
                rb = _mm256_and_si256(rb, _mm256_and_si256(_mm256_shuffle_epi8(lo[1][k], vl),
                                                           _mm256_shuffle_epi8(hi[1][k], vh)));
            }
            unsigned mask = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(ra, zero))
                          | ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(rb, zero));
            if (mask) {
                uint8_t la[32], lb[32];
                _mm256_storeu_si256((__m256i *)la, ra);
                _mm256_storeu_si256((__m256i *)lb, rb);
                verify_block(t, p, n, i, mask, la, lb, m);
            }
        }
        i += 32;
    }
    return i;
}

/// mark_avx2 on 64 positions a turn: the same marks in the same order (lines, `0x` pairs and literal hits
/// by position), compares giving bit masks directly.
__attribute__((target("avx2,avx512f,avx512bw,avx512vl")))
static size_t mark_avx512(const cshim_teddy *t, int lines, int hexes, const uint8_t *p, size_t n, size_t i,
                          cshim_marks *m) {
    __m512i lo[2][4], hi[2][4];
    if (t)
        for (int h = 0; h < 2; h++)
            for (int k = 0; k < 4; k++) {
                lo[h][k] = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)t->masks[h][k][0]));
                hi[h][k] = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)t->masks[h][k][1]));
            }
    const __m512i nibble = _mm512_set1_epi8(0x0F);
    const __m512i newline = _mm512_set1_epi8('\n'), digit0 = _mm512_set1_epi8('0');
    const __m512i x = _mm512_set1_epi8('x'), fold = _mm512_set1_epi8(0x20);
    while (i + 67 <= n && room(t, m, 64)) {
        __m512i v0 = _mm512_loadu_si512((const void *)(p + i));
        __m512i v1 = _mm512_loadu_si512((const void *)(p + i + 1));
        if (lines) {
            append_positions(m->line_ends, &m->lines, i, _mm512_cmpeq_epi8_mask(v0, newline));
        }
        if (hexes) {
            append_positions(m->hex_prefixes, &m->hexes, i,
                             _mm512_cmpeq_epi8_mask(v0, digit0) & _mm512_cmpeq_epi8_mask(_mm512_or_si512(v1, fold), x));
        }
        if (t) {
            __m512i ra = _mm512_set1_epi8((char)0xFF), rb = ra;
            for (int k = 0; k < 4; k++) {
                __m512i v = k == 0 ? v0 : k == 1 ? v1 : _mm512_loadu_si512((const void *)(p + i + k));
                __m512i vl = _mm512_and_si512(v, nibble);
                __m512i vh = _mm512_and_si512(_mm512_srli_epi16(v, 4), nibble);
                ra = _mm512_and_si512(ra, _mm512_and_si512(_mm512_shuffle_epi8(lo[0][k], vl),
                                                           _mm512_shuffle_epi8(hi[0][k], vh)));
                rb = _mm512_and_si512(rb, _mm512_and_si512(_mm512_shuffle_epi8(lo[1][k], vl),
                                                           _mm512_shuffle_epi8(hi[1][k], vh)));
            }
            uint64_t mask = _mm512_test_epi8_mask(ra, ra) | _mm512_test_epi8_mask(rb, rb);
            if (mask) {
                uint8_t la[64], lb[64];
                _mm512_storeu_si512((void *)la, ra);
                _mm512_storeu_si512((void *)lb, rb);
                verify_block(t, p, n, i, mask, la, lb, m);
            }
        }
        i += 64;
    }
    return i;
}
#endif

int cshim_vector_width(void) {
    /* TRIAGE_SCAN=portable takes the path of a CPU without AVX2 (arm64 today): memchr line ends and the
       Wu-Manber literal search; TRIAGE_SCAN=avx2 the 32-position pass where AVX-512 would be used. Each gives
       the same facts; the tests and benchmarks compare them this way. */
    const char *scan = getenv("TRIAGE_SCAN");
    if (scan && strcmp(scan, "portable") == 0) return 0;
#if defined(__x86_64__)
    if (!__builtin_cpu_supports("avx2")) return 0;
    if (scan && strcmp(scan, "avx2") == 0) return 32;
    return __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") ? 64 : 32;
#else
    return 0;
#endif
}

size_t cshim_mark(const cshim_teddy *t, int lines, int hexes, const uint8_t *p, size_t n, size_t from,
                  int width, cshim_marks *m) {
    size_t i = from;
#if defined(__x86_64__)
    if (width >= 64) {
        i = mark_avx512(t, lines, hexes, p, n, i, m);
        if (i + 67 <= n) return i;   // out of room
    }
    if (width >= 32) {
        i = mark_avx2(t, lines, hexes, p, n, i, m);
        if (i + 35 <= n) return i;   // out of room
    }
#else
    (void)width;
#endif
    // The last bytes (and CPUs without AVX2): one position at a time, the same marks.
    for (; i < n; i++) {
        if (!room(t, m, 1)) return i;
        uint8_t c = p[i];
        if (lines && c == '\n') m->line_ends[m->lines++] = (uint32_t)i;
        if (hexes && c == '0' && i + 1 < n && (uint8_t)(p[i + 1] | 0x20) == 'x') m->hex_prefixes[m->hexes++] = (uint32_t)i;
        if (t && i + 4 <= n) {
            unsigned bits = 0;
            for (int h = 0; h < 2; h++) {
                unsigned r = 0xFF;
                for (int k = 0; k < 4; k++) {
                    uint8_t b = p[i + k];
                    r &= (unsigned)(t->masks[h][k][0][b & 15] & t->masks[h][k][1][b >> 4]);
                }
                bits |= r << (8 * h);
            }
            if (bits) verify(t, p, n, i, bits, m);
        }
    }
    return n;
}
