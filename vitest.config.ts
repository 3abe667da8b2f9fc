import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // No test may reach instance metadata or any other network endpoint.
    env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // A guard against hangs, not a measure of speed: the tests that run the built CLI several times
    // take over 30 s on a 2-core machine that is busy with something else.
    testTimeout: 60_000,
  },
});
