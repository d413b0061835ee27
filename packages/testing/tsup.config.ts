import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'msw/index': 'src/msw/index.ts',
    'conformance/index': 'src/conformance/index.ts',
    'conformance/adapter/index': 'src/conformance/adapter/index.ts',
    'browser/index': 'src/browser/index.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
})
