import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadExplainingRuntime, runtimeNotice } from './unsupported-runtime.js'

const WARNING = 'oidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS, or a later LTS release.'

describe('loadExplainingRuntime', () => {
  const original = console.warn
  afterEach(() => {
    console.warn = original
  })

  it("writes one line instead of oidc-provider's warnings (plain or coloured), and lets other warnings through", async () => {
    const passed = vi.fn()
    console.warn = passed
    const written: string[] = []
    const loaded = await loadExplainingRuntime(
      async () => {
        console.warn(WARNING)
        console.warn(`\x1b[31;1m${WARNING}\x1b[0m`)
        console.warn('oidc-provider WARNING: something else')
        return 'module'
      },
      (line) => written.push(line),
    )
    expect(loaded).toBe('module')
    expect(written).toEqual([runtimeNotice()])
    expect(passed.mock.calls).toEqual([['oidc-provider WARNING: something else']])
    expect(console.warn).toBe(passed)
  })

  it('writes nothing when the warning does not come (Node 22 LTS or later), and restores console.warn after a failed load', async () => {
    const written: string[] = []
    await loadExplainingRuntime(
      async () => 'module',
      (line) => written.push(line),
    )
    expect(written).toEqual([])
    await expect(
      loadExplainingRuntime(
        async () => {
          console.warn(WARNING)
          throw new Error('failed to load')
        },
        (line) => written.push(line),
      ),
    ).rejects.toThrow('failed to load')
    expect(console.warn).toBe(original)
    expect(written).toEqual([runtimeNotice()])
  })

  it('names the running Node version in one line', () => {
    expect(runtimeNotice('v20.19.0')).toMatch(/^mock-idp: Node v20\.19\.0 .*Node 22 LTS.*20\.19\+ and 24\.$/)
    expect(runtimeNotice()).not.toContain('\n')
  })
})
