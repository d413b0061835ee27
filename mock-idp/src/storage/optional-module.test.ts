import { describe, expect, it } from 'vitest'
import { hasOptional, OptionalDependencyError, requireOptional } from './optional-module.js'

describe('requireOptional', () => {
  it('loads an installed optional dependency', () => {
    expect(hasOptional('ioredis')).toBe(true)
    expect(typeof requireOptional<{ Redis: unknown }>('ioredis', 'the Redis store').Redis).toBe('function')
  })

  it('says which store needs a missing package and how to install it', () => {
    expect(hasOptional('dinhdanh-no-such-package')).toBe(false)
    let error: unknown
    try {
      requireOptional('dinhdanh-no-such-package', 'the Redis store (--store redis)')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(OptionalDependencyError)
    expect((error as Error).message).toBe(
      'the Redis store (--store redis) needs the package dinhdanh-no-such-package, which is not installed: ' +
        'run `npm install dinhdanh-no-such-package` next to @dinhdanh/mock-idp, or choose another store (--store memory).',
    )
  })
})
