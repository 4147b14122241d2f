import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Each file starts its own redis-server and worker processes: on 2 shared cores, one file at a time.
    fileParallelism: false,
  },
});
