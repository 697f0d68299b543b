// watchParent(parentPid, intervalMs): starts a native thread that ends this process
// with SIGKILL once its parent is gone (the process was handed to another parent),
// even while the main thread is stuck in a long synchronous task. Before that it
// removes the folders given to removeWithParent: the dead parent's shared-memory
// folders, which nothing else would remove. loky's worker processes use it; a native
// thread costs next to nothing, where a worker thread boots a whole JavaScript
// environment on every worker's start.
#define _GNU_SOURCE
#include <ftw.h>
#include <node_api.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "parent_watch.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **folders = NULL;
static size_t folder_count = 0;
static pid_t parent = 0;
static long interval_ms = 250;
static int watching = 0;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  remove(path);
  return 0; // go on: remove what can be removed
}

static void *watch(void *unused) {
#ifdef __linux__
  pthread_setname_np(pthread_self(), "multitask-watch"); // how it shows in ps and /proc
#endif
  struct timespec nap = {interval_ms / 1000, (interval_ms % 1000) * 1000000L};
  for (;;) {
    nanosleep(&nap, NULL);
    if (getppid() == parent) continue;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < folder_count; i++) nftw(folders[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    kill(getpid(), SIGKILL);
  }
  return NULL;
}

// Returns false when the parent is already gone (the caller exits at once).
static napi_value watch_parent(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t pid = 0, interval = 0;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &pid) != napi_ok || pid <= 0 ||
      napi_get_value_int32(env, argv[1], &interval) != napi_ok || interval <= 0) {
    napi_throw_type_error(env, NULL, "watchParent(parentPid, intervalMs) takes a positive pid and a positive interval.");
    return NULL;
  }
  napi_value result;
  pthread_mutex_lock(&lock);
  int ok = 1;
  if (!watching) {
    parent = (pid_t)pid;
    interval_ms = interval;
    if (getppid() != parent) {
      ok = 0;
    } else {
      pthread_t thread;
      pthread_attr_t attr;
      pthread_attr_init(&attr);
      pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
      pthread_attr_setstacksize(&attr, 256 * 1024);
      watching = pthread_create(&thread, &attr, watch, NULL) == 0;
      pthread_attr_destroy(&attr);
      ok = watching;
    }
  } else {
    ok = parent == (pid_t)pid;
  }
  pthread_mutex_unlock(&lock);
  napi_get_boolean(env, ok, &result);
  return result;
}

static napi_value remove_with_parent(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char path[1024];
  size_t length;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &length) != napi_ok || length == 0 ||
      length >= sizeof path - 1) {
    napi_throw_type_error(env, NULL, "removeWithParent(folder): the folder must be a non-empty string shorter than 1023 bytes.");
    return NULL;
  }
  pthread_mutex_lock(&lock);
  char **grown = realloc(folders, (folder_count + 1) * sizeof *folders);
  char *copy = strdup(path);
  if (grown != NULL) folders = grown;
  if (grown != NULL && copy != NULL) folders[folder_count++] = copy;
  else free(copy);
  pthread_mutex_unlock(&lock);
  if (grown == NULL || copy == NULL) napi_throw_error(env, NULL, "removeWithParent: out of memory.");
  return NULL;
}

napi_value init_parent_watch(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "watchParent", NAPI_AUTO_LENGTH, watch_parent, NULL, &fn);
  napi_set_named_property(env, exports, "watchParent", fn);
  napi_create_function(env, "removeWithParent", NAPI_AUTO_LENGTH, remove_with_parent, NULL, &fn);
  napi_set_named_property(env, exports, "removeWithParent", fn);
  return exports;
}
