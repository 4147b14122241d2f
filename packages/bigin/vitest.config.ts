import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/prism.global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
