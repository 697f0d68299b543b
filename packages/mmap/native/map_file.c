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
// discardWrites(buffer) is in discard_writes.c; the registry of live mappings, which
// keeps both from touching memory mapFile did not map, in regions.c; watchParent and
// removeWithParent, which have nothing to do with mappings, in parent_watch.c.
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "parent_watch.h"
#include "regions.h"

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
  napi_value buffer;
  region *r = region_argument(env, info, "unmap", &buffer);
  if (r == NULL) return NULL;
  // Detached first, so no view can reach the pages once they are unmapped; the
  // finalizer, which runs later, finds the record retired and frees only the record.
  if (napi_detach_arraybuffer(env, buffer) != napi_ok) {
    napi_throw_error(env, NULL, "unmap: the buffer cannot be detached.");
    return NULL;
  }
  if (retire(r)) unmap_region(env, r);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "mapFile", NAPI_AUTO_LENGTH, map_file, NULL, &fn);
  napi_set_named_property(env, exports, "mapFile", fn);
  napi_create_function(env, "discardWrites", NAPI_AUTO_LENGTH, discard_writes, NULL, &fn);
  napi_set_named_property(env, exports, "discardWrites", fn);
  napi_create_function(env, "unmap", NAPI_AUTO_LENGTH, unmap_buffer, NULL, &fn);
  napi_set_named_property(env, exports, "unmap", fn);
  return init_parent_watch(env, exports);
}
