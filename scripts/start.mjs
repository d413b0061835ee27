#!/usr/bin/env node
// `npm start`: builds the packages and starts the demo. Until the mock provider (mock-idp/) exists, the
// demo is the SDK against a national-e-ID-like oidc-provider; see README.md.
import { spawnSync } from 'node:child_process'

const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
console.log('\nBuilt @dinhdanh/client. The mock provider and example apps are not in this version yet.')
