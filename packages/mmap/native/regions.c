#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "regions.h"

// The mappings mapFile made and that are still mapped: discardWrites and unmap must
// never touch memory they did not map (MADV_DONTNEED on other memory would zero it).
// Each mapping's record is the finalizer's hint, so a finalizer that runs after unmap()
// (and after the same addresses were mapped again) knows its mapping is gone. Worker
// threads of one process may share the addon, hence the lock.
static region *regions = NULL;
static pthread_mutex_t regions_lock = PTHREAD_MUTEX_INITIALIZER;

region *remember(void *addr, size_t length) {
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
int retire(region *r) {
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

region *find(void *addr, size_t length) {
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

void unmap_region(napi_env env, region *r) {
  munmap(r->addr, r->length);
  int64_t ignored;
  napi_adjust_external_memory(env, -(int64_t)r->length, &ignored);
}

// The live mapping that a function's one argument is (an ArrayBuffer mapFile returned),
// with the argument itself in *buffer; else throws a TypeError naming `who` and returns NULL.
region *region_argument(napi_env env, napi_callback_info info, const char *who, napi_value *buffer) {
  size_t argc = 1;
  napi_get_cb_info(env, info, &argc, buffer, NULL, NULL);
  void *data = NULL;
  size_t length = 0;
  bool is_buffer = false;
  region *r = NULL;
  if (argc >= 1 && napi_is_arraybuffer(env, *buffer, &is_buffer) == napi_ok && is_buffer &&
      napi_get_arraybuffer_info(env, *buffer, &data, &length) == napi_ok && length > 0) {
    r = find(data, length);
  }
  if (r == NULL) {
    char message[128];
    snprintf(message, sizeof message, "%s: the buffer must be one that mapFile returned.", who);
    napi_throw_type_error(env, NULL, message);
  }
  return r;
}
