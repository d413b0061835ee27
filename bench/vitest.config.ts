import { defineConfig } from 'vitest/config'

// `npm run bench`: benchmarks only (never part of `npm test`; timings are not assertions).
export default defineConfig({
  test: {
    root: 'bench',
    benchmark: { include: ['**/*.bench.ts'] },
  },
})
