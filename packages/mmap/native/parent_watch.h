// watchParent and removeWithParent (parent_watch.c), added to the addon's exports.
#ifndef MULTITASK_MMAP_PARENT_WATCH_H
#define MULTITASK_MMAP_PARENT_WATCH_H
#include <node_api.h>

napi_value init_parent_watch(napi_env env, napi_value exports);

#endif
