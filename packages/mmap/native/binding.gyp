{
  "targets": [
    {
      "target_name": "multitask_mmap",
      "sources": ["map_file.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
