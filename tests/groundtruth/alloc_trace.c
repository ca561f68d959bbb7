/* alloc_trace: an LD_PRELOAD shim that counts the bytes PyTorch's CPU allocator holds.
 *
 * c10's CPU allocator takes every tensor's memory from posix_memalign (64-byte alignment,
 * c10/core/impl/alloc_cpu.cpp) and returns it with free. This library wraps those two calls,
 * keeps a table of the live blocks and exports counters to ctypes (measure.py --device cpu):
 *
 *   trace_current / trace_peak / trace_reset_peak     live bytes, the step's high-water mark
 *   trace_phase_peak / trace_reset_phase_peak         a second high-water mark for one phase
 *   trace_set_tag(kind)                               the kind new blocks get
 *   trace_retag(ptr, from_mask, kind)                 reclassify a live block (a parameter, a gradient...)
 *   trace_kind_at_peak(kind) / trace_kind_live(kind)  bytes of one kind at the peak / now
 *   trace_live_blocks()                               number of live blocks (tests)
 *
 * Each block is rounded up to 512 bytes, the CUDA caching allocator's granularity
 * (c10/cuda/CUDACachingAllocator.cpp, kMinBlockSize), so the figures compare with
 * torch.cuda.max_memory_allocated(). Only 64-byte-aligned requests are counted (c10's
 * alignment); other users of posix_memalign are passed through untouched.
 *
 * The table is open addressing with linear probing and backward-shift deletion: no
 * tombstones, so a lookup never stops early and a free never leaves phantom live bytes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define KINDS 16
#define TRACKED_ALIGNMENT 64
#define GRANULE 512

extern void __libc_free(void* ptr);
extern void* __libc_memalign(size_t alignment, size_t size);

typedef int (*posix_memalign_fn)(void**, size_t, size_t);

struct slot {
    uintptr_t ptr; /* 0 = empty */
    uint64_t bytes;
    int kind;
};

static struct slot* table;
static size_t capacity; /* power of two */
static size_t used;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static posix_memalign_fn real_posix_memalign;

static uint64_t current, peak, phase_peak;
static uint64_t live_by_kind[KINDS], peak_by_kind[KINDS];
static int new_kind;

static size_t slot_of(uintptr_t p) {
    uint64_t h = (uint64_t)p * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 16) & (capacity - 1);
}

/* Table memory comes from mmap, never from malloc, so the shim never calls into itself. */
static int grow(void) {
    size_t new_capacity = capacity ? capacity * 2 : (1u << 16);
    struct slot* fresh = mmap(NULL, new_capacity * sizeof(struct slot), PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (fresh == MAP_FAILED)
        return 0;
    struct slot* old = table;
    size_t old_capacity = capacity;
    table = fresh;
    capacity = new_capacity;
    for (size_t i = 0; i < old_capacity; ++i) {
        if (!old[i].ptr)
            continue;
        size_t j = slot_of(old[i].ptr);
        while (table[j].ptr)
            j = (j + 1) & (capacity - 1);
        table[j] = old[i];
    }
    if (old)
        munmap(old, old_capacity * sizeof(struct slot));
    return 1;
}

static void insert(uintptr_t p, uint64_t bytes) {
    if ((used + 1) * 2 > capacity && !grow())
        return; /* out of memory for the table: the block goes uncounted */
    size_t j = slot_of(p);
    while (table[j].ptr)
        j = (j + 1) & (capacity - 1);
    table[j].ptr = p;
    table[j].bytes = bytes;
    table[j].kind = new_kind;
    ++used;
    current += bytes;
    live_by_kind[new_kind] += bytes;
    if (current > phase_peak)
        phase_peak = current;
    if (current > peak) {
        peak = current;
        memcpy(peak_by_kind, live_by_kind, sizeof peak_by_kind);
    }
}

static long find(uintptr_t p) {
    if (!capacity)
        return -1;
    size_t j = slot_of(p);
    while (table[j].ptr) {
        if (table[j].ptr == p)
            return (long)j;
        j = (j + 1) & (capacity - 1);
    }
    return -1;
}

static void erase_at(size_t i) {
    current -= table[i].bytes;
    live_by_kind[table[i].kind] -= table[i].bytes;
    table[i].ptr = 0;
    --used;
    /* backward-shift: move later members of the cluster into the hole when they belong there */
    size_t hole = i, j = i;
    for (;;) {
        j = (j + 1) & (capacity - 1);
        if (!table[j].ptr)
            break;
        size_t home = slot_of(table[j].ptr);
        int between = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (between)
            continue;
        table[hole] = table[j];
        table[j].ptr = 0;
        hole = j;
    }
}

__attribute__((constructor)) static void init(void) {
    real_posix_memalign = (posix_memalign_fn)dlsym(RTLD_NEXT, "posix_memalign");
}

int posix_memalign(void** out, size_t alignment, size_t size) {
    int rc;
    if (real_posix_memalign)
        rc = real_posix_memalign(out, alignment, size);
    else {
        *out = __libc_memalign(alignment, size);
        rc = *out ? 0 : ENOMEM;
    }
    if (rc == 0 && *out && alignment == TRACKED_ALIGNMENT) {
        uint64_t bytes = ((uint64_t)size + GRANULE - 1) / GRANULE * GRANULE;
        if (bytes == 0)
            bytes = GRANULE;
        pthread_mutex_lock(&lock);
        insert((uintptr_t)*out, bytes);
        pthread_mutex_unlock(&lock);
    }
    return rc;
}

void free(void* ptr) {
    if (ptr && capacity) {
        pthread_mutex_lock(&lock);
        long i = find((uintptr_t)ptr);
        if (i >= 0)
            erase_at((size_t)i);
        pthread_mutex_unlock(&lock);
    }
    __libc_free(ptr);
}

/* ---- the ctypes interface ---- */

uint64_t trace_current(void) { return current; }
uint64_t trace_peak(void) { return peak; }
uint64_t trace_phase_peak(void) { return phase_peak; }
uint64_t trace_live_blocks(void) { return used; }

void trace_reset_peak(void) {
    pthread_mutex_lock(&lock);
    peak = current;
    phase_peak = current;
    memcpy(peak_by_kind, live_by_kind, sizeof peak_by_kind);
    pthread_mutex_unlock(&lock);
}

void trace_reset_phase_peak(void) {
    pthread_mutex_lock(&lock);
    phase_peak = current;
    pthread_mutex_unlock(&lock);
}

int trace_set_tag(int kind) {
    int previous = new_kind;
    if (kind >= 0 && kind < KINDS)
        new_kind = kind;
    return previous;
}

/* Moves a live block to `kind` when its kind is in `from_mask` (bit k = kind k). Returns the
 * block's bytes, or 0 when the pointer is no live block or its kind is not in the mask. */
uint64_t trace_retag(uintptr_t ptr, uint32_t from_mask, int kind) {
    uint64_t moved = 0;
    if (kind < 0 || kind >= KINDS)
        return 0;
    pthread_mutex_lock(&lock);
    long i = find(ptr);
    if (i >= 0 && (from_mask >> table[i].kind) & 1u) {
        live_by_kind[table[i].kind] -= table[i].bytes;
        table[i].kind = kind;
        live_by_kind[kind] += table[i].bytes;
        moved = table[i].bytes;
    }
    pthread_mutex_unlock(&lock);
    return moved;
}

uint64_t trace_kind_at_peak(int kind) { return kind >= 0 && kind < KINDS ? peak_by_kind[kind] : 0; }
uint64_t trace_kind_live(int kind) { return kind >= 0 && kind < KINDS ? live_by_kind[kind] : 0; }
