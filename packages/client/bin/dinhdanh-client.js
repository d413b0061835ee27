#!/usr/bin/env node
// The `dinhdanh-client` command (`npx @dinhdanh/client keygen`). A file of its own, present before the
// package is built, so that npm links the command at install time in this repository too (npm links a
// workspace's bin only when the file exists); it runs the built CLI, or says how to build it.
import { existsSync } from 'node:fs'

const cli = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(cli)) {
  console.error(
    '@dinhdanh/client is not built yet: run `npm run build` at the repository root (or in packages/client/), then try again.',
  )
  process.exit(1)
}
await import(cli.href)
