// The registry of the mappings mapFile made (regions.c), shared by the addon's files.
#ifndef MULTITASK_MMAP_REGIONS_H
#define MULTITASK_MMAP_REGIONS_H
#include <node_api.h>
#include <stddef.h>

typedef struct region {
  void *addr;
  size_t length;
  int mapped;
  struct region *next;
} region;

region *remember(void *addr, size_t length);
int retire(region *r);
region *find(void *addr, size_t length);
void unmap_region(napi_env env, region *r);
region *region_argument(napi_env env, napi_callback_info info, const char *who, napi_value *buffer);
napi_value discard_writes(napi_env env, napi_callback_info info);

#endif
