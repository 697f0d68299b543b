// mapFile(path, byteLength): an ArrayBuffer over a private, copy-on-write mapping of
// the first byteLength bytes of a file. Worker processes use it to see a call's large
// arguments without reading them into fresh memory: pages of a RAM-backed file are
// mapped as the task touches them, shared with the page cache, and a task's writes
// stay in its own process (as with a copy). The mapping ends when the ArrayBuffer is
// garbage-collected.
//
// mapFile(path, byteLength, true) maps the file shared and writable instead: writes
// reach the file (and every other mapping of it). The process that fills loky's kept
// segments writes through such a mapping.
//
// unmap(buffer): detaches a buffer mapFile returned, which unmaps it now instead of
// when the garbage collector gets to it.
//
// discardWrites(buffer): drops the pages this process wrote in such a mapping (its
// private copies), so the buffer shows the file's current bytes again. A worker that
// keeps a mapping for the next call over a rewritten file calls it first: it costs a
// look at the page table instead of a new mapping, whose first touch of every page
// costs a page fault.
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// The mappings mapFile made and that are still mapped: discardWrites and unmap must
// never touch memory they did not map (MADV_DONTNEED on other memory would zero it).
// Each mapping's record is the finalizer's hint, so a finalizer that runs after unmap()
// (and after the same addresses were mapped again) knows its mapping is gone. Worker
// threads of one process may share the addon, hence the lock.
typedef struct region {
  void *addr;
  size_t length;
  int mapped;
  struct region *next;
} region;
static region *regions = NULL;
static pthread_mutex_t regions_lock = PTHREAD_MUTEX_INITIALIZER;

static region *remember(void *addr, size_t length) {
  region *r = malloc(sizeof *r);
  if (r == NULL) return NULL;
  r->addr = addr;
  r->length = length;
  r->mapped = 1;
  pthread_mutex_lock(&regions_lock);
  r->next = regions;
  regions = r;
  pthread_mutex_unlock(&regions_lock);
  return r;
}

// Takes r off the list of live mappings; returns whether it was live (and so must be unmapped).
static int retire(region *r) {
  int was_mapped = 0;
  pthread_mutex_lock(&regions_lock);
  if (r->mapped) {
    r->mapped = 0;
    was_mapped = 1;
    for (region **at = &regions; *at != NULL; at = &(*at)->next) {
      if (*at == r) {
        *at = r->next;
        break;
      }
    }
  }
  pthread_mutex_unlock(&regions_lock);
  return was_mapped;
}

static region *find(void *addr, size_t length) {
  region *found = NULL;
  pthread_mutex_lock(&regions_lock);
  for (region *r = regions; r != NULL; r = r->next) {
    if (r->addr == addr && r->length == length) {
      found = r;
      break;
    }
  }
  pthread_mutex_unlock(&regions_lock);
  return found;
}

// The error's `code`, named as Node names it for the errors open, fstat and mmap give.
static const char *errno_name(int err, char *fallback, size_t size) {
  switch (err) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EISDIR: return "EISDIR";
    case ENOTDIR: return "ENOTDIR";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ELOOP: return "ELOOP";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENOMEM: return "ENOMEM";
    case ENODEV: return "ENODEV";
    case EINVAL: return "EINVAL";
    default: snprintf(fallback, size, "E%d", err); return fallback;
  }
}

static napi_value throw_errno(napi_env env, int err, const char *what, const char *path) {
  char message[1200];
  snprintf(message, sizeof message, "%s %s: %s", what, path, strerror(err));
  napi_value code, text, error;
  char fallback[32];
  napi_create_string_utf8(env, errno_name(err, fallback, sizeof fallback), NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, code, text, &error);
  napi_throw(env, error);
  return NULL;
}

static void unmap_region(napi_env env, region *r) {
  munmap(r->addr, r->length);
  int64_t ignored;
  napi_adjust_external_memory(env, -(int64_t)r->length, &ignored);
}

static void finalize(napi_env env, void *data, void *hint) {
  region *r = hint;
  if (retire(r)) unmap_region(env, r);
  free(r);
}

static napi_value map_file(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2) {
    napi_throw_type_error(env, NULL, "mapFile(path, byteLength) takes two arguments.");
    return NULL;
  }
  char path[1024];
  size_t path_length;
  if (napi_get_value_string_utf8(env, argv[0], path, sizeof path, &path_length) != napi_ok || path_length >= sizeof path - 1) {
    napi_throw_type_error(env, NULL, "mapFile: the path must be a string shorter than 1023 bytes.");
    return NULL;
  }
  double wanted;
  if (napi_get_value_double(env, argv[1], &wanted) != napi_ok || !(wanted > 0) || wanted != (double)(size_t)wanted) {
    napi_throw_range_error(env, NULL, "mapFile: byteLength must be a positive integer.");
    return NULL;
  }
  size_t length = (size_t)wanted;
  bool shared = false;
  if (argc >= 3) napi_get_value_bool(env, argv[2], &shared);

  int fd = open(path, (shared ? O_RDWR : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return throw_errno(env, errno, "Cannot open", path);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "Cannot stat", path);
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    return throw_errno(env, EISDIR, "Cannot map", path);
  }
  if ((size_t)st.st_size < length) {
    close(fd);
    char message[1200];
    snprintf(message, sizeof message, "The file %s holds %lld bytes, fewer than the %zu expected.", path, (long long)st.st_size, length);
    napi_throw_range_error(env, NULL, message);
    return NULL;
  }
  // Private and writable: tasks may write into their arguments, as into a copy.
  void *data = mmap(NULL, length, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);
  int err = errno;
  close(fd); // the mapping keeps the file alive, even once it is unlinked
  if (data == MAP_FAILED) return throw_errno(env, err, "Cannot map", path);

  napi_value buffer;
  region *r = remember(data, length);
  if (r == NULL || napi_create_external_arraybuffer(env, data, length, finalize, r, &buffer) != napi_ok) {
    if (r != NULL) {
      retire(r);
      free(r);
    }
    munmap(data, length);
    const napi_extended_error_info *why;
    napi_get_last_error_info(env, &why);
    napi_throw_error(env, NULL, why && why->error_message ? why->error_message : "mapFile: cannot make an ArrayBuffer over the mapping.");
    return NULL;
  }
  // Tells the garbage collector how much memory the buffer holds, so mappings of
  // ended calls are released soon.
  int64_t ignored;
  napi_adjust_external_memory(env, (int64_t)length, &ignored);
  return buffer;
}

static napi_value unmap_buffer(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *data = NULL;
  size_t length = 0;
  bool is_buffer = false;
  if (argc < 1 || napi_is_arraybuffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer ||
      napi_get_arraybuffer_info(env, argv[0], &data, &length) != napi_ok || length == 0) {
    napi_throw_type_error(env, NULL, "unmap: the buffer must be one that mapFile returned.");
    return NULL;
  }
  region *r = find(data, length);
  if (r == NULL) {
    napi_throw_type_error(env, NULL, "unmap: the buffer must be one that mapFile returned.");
    return NULL;
  }
  // Detached first, so no view can reach the pages once they are unmapped; the
  // finalizer, which runs later, finds the record retired and frees only the record.
  if (napi_detach_arraybuffer(env, argv[0]) != napi_ok) {
    napi_throw_error(env, NULL, "unmap: the buffer cannot be detached.");
    return NULL;
  }
  if (retire(r)) unmap_region(env, r);
  return NULL;
}

// Drops [from, from + count) pages of a mapping starting at base.
static void drop_pages(char *base, long page, size_t from, size_t count) {
  if (count > 0) madvise(base + from * page, count * page, MADV_DONTNEED);
}

static napi_value discard_writes(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *data = NULL;
  size_t length = 0;
  bool is_buffer = false;
  if (argc < 1 || napi_is_arraybuffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer ||
      napi_get_arraybuffer_info(env, argv[0], &data, &length) != napi_ok || length == 0 || find(data, length) == NULL) {
    napi_throw_type_error(env, NULL, "discardWrites: the buffer must be one that mapFile returned.");
    return NULL;
  }
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

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "mapFile", NAPI_AUTO_LENGTH, map_file, NULL, &fn);
  napi_set_named_property(env, exports, "mapFile", fn);
  napi_create_function(env, "discardWrites", NAPI_AUTO_LENGTH, discard_writes, NULL, &fn);
  napi_set_named_property(env, exports, "discardWrites", fn);
  napi_create_function(env, "unmap", NAPI_AUTO_LENGTH, unmap_buffer, NULL, &fn);
  napi_set_named_property(env, exports, "unmap", fn);
  return exports;
}
