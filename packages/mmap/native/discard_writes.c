// discardWrites(buffer): drops the pages this process wrote in a private mapping that
// mapFile made (its copy-on-write copies), so the buffer shows the file's current bytes
// again, as a new mapping would, without a new mapping's page faults.
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "regions.h"

// Drops [from, from + count) pages of a mapping starting at base.
static void drop_pages(char *base, long page, size_t from, size_t count) {
  if (count > 0) madvise(base + from * page, count * page, MADV_DONTNEED);
}

napi_value discard_writes(napi_env env, napi_callback_info info) {
  napi_value buffer;
  region *r = region_argument(env, info, "discardWrites", &buffer);
  if (r == NULL) return NULL;
  void *data = r->addr;
  size_t length = r->length;
  long page = sysconf(_SC_PAGESIZE);
  size_t pages = (length + (size_t)page - 1) / (size_t)page;
  size_t dropped = 0;
  // /proc/self/pagemap says which pages are private copies (present or swapped, and not
  // a page of the file): only those are dropped, so the pages still shared with the
  // file stay mapped and cost no new fault.
  int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  uint64_t entries[512];
  for (size_t first = 0; fd >= 0 && first < pages; first += 512) {
    size_t count = pages - first < 512 ? pages - first : 512;
    off_t offset = (off_t)(((uintptr_t)data / (uintptr_t)page + first) * sizeof(uint64_t));
    if (pread(fd, entries, count * sizeof(uint64_t), offset) != (ssize_t)(count * sizeof(uint64_t))) {
      close(fd);
      fd = -1;
      break;
    }
    size_t run = 0;
    for (size_t i = 0; i < count; i++) {
      uint64_t e = entries[i];
      int present = (e >> 63) & 1, swapped = (e >> 62) & 1, file = (e >> 61) & 1;
      if ((present && !file) || swapped) {
        run++;
        dropped++;
      } else {
        drop_pages(data, page, first + i - run, run);
        run = 0;
      }
    }
    drop_pages(data, page, first + count - run, run);
  }
  if (fd >= 0) {
    close(fd);
  } else {
    // No page table to read (not Linux, or /proc hidden): drop every page.
    madvise(data, length, MADV_DONTNEED);
    dropped = pages;
  }
  napi_value result;
  napi_create_double(env, (double)dropped, &result);
  return result;
}
