#ifndef CSHIM_H
#define CSHIM_H
#include <stddef.h>
#include <stdint.h>
/// memmem(3): a GNU extension that Swift's Glibc module does not export.
const void *cshim_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len);

/// A literal set compiled for cshim_teddy_find (Teddy: many literals found with byte shuffles). Swift fills
/// it in and keeps the arrays it points to alive (TriageEvidence/Reader/TeddySearch.swift).
typedef struct {
    /// Nibble tables, [half][position][0 = low nibble, 1 = high nibble][nibble value] → bucket bits: half 0
    /// holds buckets 0-7, half 1 buckets 8-15. A position matches a bucket when both of its byte's nibbles
    /// map to the bucket's bit, at all four fingerprint positions.
    uint8_t masks[2][4][2][16];
    /// The literals of bucket b are entries[first[b] ..< first[b + 1]].
    uint16_t first[17];
    const uint16_t *entries;
    /// Per literal: its bytes, its length (at least 4), and the offset of its 4-byte fingerprint in it.
    const uint8_t *const *bytes;
    const uint32_t *lengths;
    const uint32_t *offsets;
} cshim_teddy;

/// Whether cshim_teddy_find runs with vector instructions on this CPU (AVX2 or SSSE3); without them it
/// falls back to a byte-at-a-time loop, and the caller is better served by another search.
int cshim_teddy_vectorised(void);

/// Finds the literals of `t` in p[from ..< n]: writes the start and literal index of each occurrence (by
/// fingerprint position, so a few bytes out of order) and returns how many. Stops early when `cap` might
/// not hold a block's worth more; `*next` is where to call again (n when done).
size_t cshim_teddy_find(const cshim_teddy *t, const uint8_t *p, size_t n, size_t from,
                        uint32_t *starts, uint16_t *literals, size_t cap, size_t *next);

/// Offsets i in p[from ..< n] where p[i] == first and, unless `single`, (p[i + 1] | fold) == second: written
/// in order to `positions`; returns how many. Stops when `cap` might not hold a block's worth more; `*next`
/// is where to call again (n when done).
size_t cshim_find_pairs(const uint8_t *p, size_t n, size_t from, uint8_t first, uint8_t second, uint8_t fold,
                        int single, uint32_t *positions, size_t cap, size_t *next);
#endif
