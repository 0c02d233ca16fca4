// Teddy, the multi-literal search of Hyperscan and Rust's aho-corasick, here in its 16-bucket, 4-byte
// fingerprint form: each literal is represented by four consecutive bytes of it; shuffles of two nibble
// tables per position give, for 16 or 32 positions at once, the buckets whose fingerprints may start there;
// the literals of those buckets are then compared in full.
#include <string.h>
#include "cshim.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// Compares the literals of the buckets in `bits` whose fingerprint would start at `at`; appends matches.
static inline size_t verify(const cshim_teddy *t, const uint8_t *p, size_t n, size_t at, unsigned bits,
                            uint32_t *starts, uint16_t *literals, size_t count) {
    while (bits) {
        unsigned b = (unsigned)__builtin_ctz(bits);
        bits &= bits - 1;
        for (unsigned e = t->first[b]; e < t->first[b + 1]; e++) {
            uint16_t l = t->entries[e];
            size_t off = t->offsets[l], len = t->lengths[l];
            if (at < off) continue;
            size_t start = at - off;
            if (start + len > n || memcmp(p + start, t->bytes[l], len) != 0) continue;
            starts[count] = (uint32_t)start;
            literals[count] = l;
            count++;
        }
    }
    return count;
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static size_t find_avx2(const cshim_teddy *t, const uint8_t *p, size_t n, size_t from,
                        uint32_t *starts, uint16_t *literals, size_t cap, size_t *next, size_t most) {
    __m256i lo[2][4], hi[2][4];
    for (int h = 0; h < 2; h++)
        for (int k = 0; k < 4; k++) {
            lo[h][k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t->masks[h][k][0]));
            hi[h][k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t->masks[h][k][1]));
        }
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    const __m256i zero = _mm256_setzero_si256();
    size_t count = 0;
    size_t i = from;
    while (i + 35 <= n && count + 32 * most <= cap) {
        __m256i ra = _mm256_set1_epi8((char)0xFF), rb = ra;
        for (int k = 0; k < 4; k++) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(p + i + k));
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
            while (mask) {
                unsigned bit = (unsigned)__builtin_ctz(mask);
                mask &= mask - 1;
                count = verify(t, p, n, i + bit, (unsigned)la[bit] | (unsigned)lb[bit] << 8, starts, literals, count);
            }
        }
        i += 32;
    }
    *next = i;
    return count;
}

__attribute__((target("ssse3")))
static size_t find_ssse3(const cshim_teddy *t, const uint8_t *p, size_t n, size_t from,
                         uint32_t *starts, uint16_t *literals, size_t cap, size_t *next, size_t most) {
    __m128i lo[2][4], hi[2][4];
    for (int h = 0; h < 2; h++)
        for (int k = 0; k < 4; k++) {
            lo[h][k] = _mm_loadu_si128((const __m128i *)t->masks[h][k][0]);
            hi[h][k] = _mm_loadu_si128((const __m128i *)t->masks[h][k][1]);
        }
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i zero = _mm_setzero_si128();
    size_t count = 0;
    size_t i = from;
    while (i + 19 <= n && count + 16 * most <= cap) {
        __m128i ra = _mm_set1_epi8((char)0xFF), rb = ra;
        for (int k = 0; k < 4; k++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(p + i + k));
            __m128i vl = _mm_and_si128(v, nibble);
            __m128i vh = _mm_and_si128(_mm_srli_epi16(v, 4), nibble);
            ra = _mm_and_si128(ra, _mm_and_si128(_mm_shuffle_epi8(lo[0][k], vl), _mm_shuffle_epi8(hi[0][k], vh)));
            rb = _mm_and_si128(rb, _mm_and_si128(_mm_shuffle_epi8(lo[1][k], vl), _mm_shuffle_epi8(hi[1][k], vh)));
        }
        unsigned mask = ((~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(ra, zero)))
                       | (~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(rb, zero)))) & 0xFFFF;
        if (mask) {
            uint8_t la[16], lb[16];
            _mm_storeu_si128((__m128i *)la, ra);
            _mm_storeu_si128((__m128i *)lb, rb);
            while (mask) {
                unsigned bit = (unsigned)__builtin_ctz(mask);
                mask &= mask - 1;
                count = verify(t, p, n, i + bit, (unsigned)la[bit] | (unsigned)lb[bit] << 8, starts, literals, count);
            }
        }
        i += 16;
    }
    *next = i;
    return count;
}
#endif

int cshim_teddy_vectorised(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2") || __builtin_cpu_supports("ssse3");
#else
    return 0;
#endif
}

size_t cshim_teddy_find(const cshim_teddy *t, const uint8_t *p, size_t n, size_t from,
                        uint32_t *starts, uint16_t *literals, size_t cap, size_t *next) {
    // One position can match every literal of its buckets (most); a block has 16 or 32 positions.
    size_t most = t->first[16];
    size_t count = 0;
    size_t i = from;
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) {
        count = find_avx2(t, p, n, i, starts, literals, cap, next, most);
        if (*next + 35 <= n) return count;
        i = *next;
    }
    if (__builtin_cpu_supports("ssse3")) {
        count += find_ssse3(t, p, n, i, starts + count, literals + count, cap - count, next, most);
        if (*next + 19 <= n) return count;
        i = *next;
    }
#endif
    // The last bytes (and CPUs without the instructions): one position at a time, same tables.
    while (i + 4 <= n) {
        if (count + most > cap) { *next = i; return count; }
        unsigned bits = 0;
        for (int h = 0; h < 2; h++) {
            unsigned r = 0xFF;
            for (int k = 0; k < 4; k++) {
                uint8_t c = p[i + k];
                r &= (unsigned)(t->masks[h][k][0][c & 15] & t->masks[h][k][1][c >> 4]);
            }
            bits |= r << (8 * h);
        }
        if (bits) count = verify(t, p, n, i, bits, starts, literals, count);
        i++;
    }
    *next = n;
    return count;
}
