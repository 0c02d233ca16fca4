#ifndef CSHIM_H
#define CSHIM_H
#include <stddef.h>
#include <stdint.h>
/// memmem(3): a GNU extension that Swift's Glibc module does not export.
const void *cshim_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len);

/// fstatfs(2)'s f_type (the file system's magic number), or -1 when it fails or there is no fstatfs: Swift's
/// Glibc module does not export sys/statfs.h.
long cshim_filesystem_type(int fd);

/// A literal set compiled for cshim_mark (Teddy: many literals found with byte shuffles). Swift fills
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

/// Marks found in a region by cshim_mark, each list in order of position (literal hits by fingerprint
/// position, so a few bytes out of order). The caller provides the arrays (each of `cap` entries) and resets
/// the counts.
typedef struct {
    uint32_t *starts;          // literal hits: start offset
    uint16_t *literals;        //               and literal index
    uint32_t *line_ends;       // offsets of '\n'
    uint32_t *hex_prefixes;    // offsets of the '0' of "0x" / "0X"
    size_t cap;
    size_t hits, lines, hexes;
} cshim_marks;

/// The widest vector pass cshim_mark can run on this CPU, in positions a turn: 64 (AVX-512 BW and VL), 32
/// (AVX2) or 0 (none: the pass works a byte at a time, and the caller is better served by memchr and
/// Wu-Manber). TRIAGE_SCAN=avx2 caps it at 32, TRIAGE_SCAN=portable makes it 0.
int cshim_vector_width(void);

/// One pass over p[from ..< n]: the occurrences of the literals of `t` (when not NULL), the line ends (when
/// `lines`) and the "0x"/"0X" pairs (when `hexes`), appended to `m`, with vectors of at most `width`
/// positions (as cshim_vector_width gives, or less; the marks are the same). Stops early when the lists
/// might not hold another block's worth; returns where to call again (n when done).
size_t cshim_mark(const cshim_teddy *t, int lines, int hexes, const uint8_t *p, size_t n, size_t from,
                  int width, cshim_marks *m);

/// Raw-deflate decoding (zip members) through zlib, with the input length always the caller's real one.
typedef struct cshim_inflater cshim_inflater;
/// NULL when zlib cannot allocate its state.
cshim_inflater *cshim_inflater_new(void);
void cshim_inflater_free(cshim_inflater *inflater);
/// Decodes from in[0 ..< in_len] into out[0 ..< out_len]; sets how many bytes were consumed and produced.
/// Returns 1 at the end of the deflate stream, 0 when it needs more input or output room, -1 when the data
/// is damaged.
int cshim_inflate(cshim_inflater *inflater, const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
                  size_t *consumed, size_t *produced);
/// CRC-32 (zip's) of p[0 ..< n], continuing from `crc` (0 to start).
uint32_t cshim_crc32(uint32_t crc, const uint8_t *p, size_t n);
#endif
