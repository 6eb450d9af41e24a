// The parse arena: one reserved address range cut into per-thread slices; inside a scope,
// libxml2's allocations are bumped off the thread's slice (a 16-byte header keeps the size for
// realloc), its frees do nothing, and the scope's end resets the slice. A pointer is the
// arena's exactly when it lies in the range, so memory from malloc (before the hooks were
// installed, outside a scope, or when a slice is full) is always handed back to free().
#include "parse_arena.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define GOFER_ARENA_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define GOFER_ARENA_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define GOFER_ARENA_POISON(p, n) ((void)(p), (void)(n))
#define GOFER_ARENA_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace gofer::scrape {
namespace {

// Parsing threads: scrape's workers (at most 8) and fetch's committers, with room to spare.
// A thread without a slice parses with malloc.
constexpr size_t kSlices = 32;
// Address space only (MAP_NORESERVE): a page whose tree outgrows its slice goes on in malloc.
constexpr size_t kSliceBytes = size_t{1} << 30;
// What a slice keeps resident between pages; above it, pages go back to the kernel.
constexpr size_t kKeptBytes = size_t{8} << 20;
constexpr size_t kHeaderBytes = 16;  // the size, and 16-byte alignment for the block after it
// Blocks this big go to malloc: libxml2 grows its input and text buffers by doubling, and in
// the arena every old copy would stay until the page ends (a 100 MB page peaked at 945 MB
// instead of 645 MB). A page with such a block is freed node by node, as without the arena.
constexpr size_t kLargeBytes = size_t{1} << 20;

std::atomic<char*> g_region{nullptr};

struct FreeSlices {
  std::mutex mutex;
  std::vector<size_t> indexes;
};
FreeSlices& free_slices() {
  static auto* slices = new FreeSlices;  // never destroyed: threads return slices at exit
  return *slices;
}

struct Slice {
  char* begin = nullptr;  // null: this thread has no slice
  char* next = nullptr;
  char* end = nullptr;
  char* touched = nullptr;  // how far pages may be resident
  void* newest = nullptr;   // grows in place on realloc
  size_t index = 0;
  bool active = false;
  bool spilled = false;

  ~Slice() {
    if (begin == nullptr) return;
    madvise(begin, static_cast<size_t>(touched - begin), MADV_DONTNEED);
    std::lock_guard lock(free_slices().mutex);
    free_slices().indexes.push_back(index);
  }
};
thread_local Slice t_slice;

bool in_region(const void* pointer) {
  const char* region = g_region.load(std::memory_order_acquire);
  const char* p = static_cast<const char*>(pointer);
  return region != nullptr && p >= region && p < region + kSlices * kSliceBytes;
}

size_t rounded(size_t size) { return (size + 15) & ~size_t{15}; }

void* arena_malloc(size_t size) {
  Slice& slice = t_slice;
  if (!slice.active) return std::malloc(size);
  size_t need = kHeaderBytes + rounded(size);
  if (size >= kLargeBytes || static_cast<size_t>(slice.end - slice.next) < need) {
    slice.spilled = true;
    return std::malloc(size);
  }
  char* block = slice.next;
  slice.next += need;
  slice.touched = std::max(slice.touched, slice.next);
  GOFER_ARENA_UNPOISON(block, need);
  std::memcpy(block, &size, sizeof size);
  slice.newest = block + kHeaderBytes;
  return slice.newest;
}

void arena_free(void* pointer) {
  if (!in_region(pointer)) std::free(pointer);
}

void* arena_realloc(void* pointer, size_t size) {
  if (pointer == nullptr) return arena_malloc(size);
  if (!in_region(pointer)) return std::realloc(pointer, size);
  char* block = static_cast<char*>(pointer) - kHeaderBytes;
  size_t old_size = 0;
  std::memcpy(&old_size, block, sizeof old_size);
  Slice& slice = t_slice;
  // libxml2 grows its buffers by doubling; the newest block grows where it is.
  if (slice.active && pointer == slice.newest && size < kLargeBytes &&
      static_cast<size_t>(slice.end - static_cast<char*>(pointer)) >= rounded(size)) {
    slice.next = static_cast<char*>(pointer) + rounded(size);
    slice.touched = std::max(slice.touched, slice.next);
    GOFER_ARENA_UNPOISON(pointer, rounded(size));
    std::memcpy(block, &size, sizeof size);
    return pointer;
  }
  void* moved = arena_malloc(size);
  if (moved != nullptr) std::memcpy(moved, pointer, std::min(old_size, size));
  return moved;
}

char* arena_strdup(const char* text) {
  size_t size = std::strlen(text) + 1;
  void* copy = arena_malloc(size);
  if (copy != nullptr) std::memcpy(copy, text, size);
  return static_cast<char*>(copy);
}

void take_slice(Slice& slice) {
  char* region = g_region.load(std::memory_order_acquire);
  if (region == nullptr) return;
  std::lock_guard lock(free_slices().mutex);
  if (free_slices().indexes.empty()) return;
  slice.index = free_slices().indexes.back();
  free_slices().indexes.pop_back();
  slice.begin = slice.next = slice.touched = region + slice.index * kSliceBytes;
  slice.end = slice.begin + kSliceBytes;
}

}  // namespace

void install_parse_arena() {
  static std::once_flag once;
  std::call_once(once, [] {
    void* region = mmap(nullptr, kSlices * kSliceBytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (region == MAP_FAILED) return;  // parse with malloc
    for (size_t i = kSlices; i-- > 0;) free_slices().indexes.push_back(i);
    g_region.store(static_cast<char*>(region), std::memory_order_release);
    xmlMemSetup(arena_free, arena_malloc, arena_realloc, arena_strdup);
  });
}

ParseArenaScope::ParseArenaScope() {
  Slice& slice = t_slice;
  if (slice.begin == nullptr) take_slice(slice);
  slice.active = slice.begin != nullptr;
  slice.spilled = false;
}

ParseArenaScope::~ParseArenaScope() {
  Slice& slice = t_slice;
  if (slice.begin == nullptr) return;
  // libxml2 keeps this thread's last parse error (strings copied into the arena) past the
  // page; forget it while those strings are still there.
  xmlResetLastError();
  slice.active = false;
  GOFER_ARENA_POISON(slice.begin, static_cast<size_t>(slice.next - slice.begin));
  if (slice.touched - slice.begin > static_cast<std::ptrdiff_t>(kKeptBytes)) {
    char* kept_end = slice.begin + kKeptBytes;
    madvise(kept_end, static_cast<size_t>(slice.touched - kept_end), MADV_DONTNEED);
    slice.touched = kept_end;
  }
  slice.next = slice.begin;
  slice.newest = nullptr;
}

bool parse_arena_holds_everything() {
  const Slice& slice = t_slice;
  return slice.active && !slice.spilled;
}

}  // namespace gofer::scrape
