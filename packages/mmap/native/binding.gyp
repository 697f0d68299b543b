{
  "targets": [
    {
      "target_name": "multitask_mmap",
      "sources": ["map_file.c", "regions.c", "discard_writes.c", "parent_watch.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
