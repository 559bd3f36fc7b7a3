import { defineConfig } from 'vitest/config';

// .ci/run asks for a JSON report too, to print the plain `N passed, N failed` line CI reads.
const jsonReport = process.env['GTI_SYNC_VITEST_JSON'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
});
