import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import * as jose from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveOptions } from './options.js'

/** The built bin, as `npx @dinhdanh/client keygen` runs it (build the package first). */
const bin = fileURLToPath(new URL('../bin/dinhdanh-client.js', import.meta.url))
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [bin, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  )
const dir = mkdtempSync(join(tmpdir(), 'dinhdanh-keygen-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The JSON line after the comment line that starts with `label`. */
function section(stdout: string, label: string): jose.JWK & { keys?: jose.JWK[] } {
  const lines = stdout.split('\n')
  const at = lines.findIndex((line) => line.startsWith(label))
  expect(at, `a line starting with ${label}`).toBeGreaterThanOrEqual(0)
  const json = lines.slice(at + 1).find((line) => line.startsWith('{'))
  return JSON.parse(json ?? 'null')
}

describe('npx @dinhdanh/client keygen (#15)', () => {
  it('prints a labelled ES256 private JWK for the secret store and the public JWK and JWKS for registration', async () => {
    const { code, stdout } = await run('keygen')
    expect(code).toBe(0)
    const privateJwk = section(stdout, '# PRIVATE key (ES256')
    const publicJwk = section(stdout, '# PUBLIC key')
    const jwks = section(stdout, '# The same as a JWKS')
    expect(privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })
    expect(typeof privateJwk.d).toBe('string')
    expect(publicJwk.d).toBeUndefined()
    expect(jwks.keys).toEqual([publicJwk])
    expect(publicJwk.kid).toBe(await jose.calculateJwkThumbprint(publicJwk))
    // The private key is what createClient takes, and its public half verifies what it signs.
    const resolved = resolveOptions({
      issuer: 'http://127.0.0.1:4000',
      clientId: 'demo',
      clientAuth: { method: 'private_key_jwt', privateJwk },
      redirectUri: 'http://127.0.0.1:3000/auth/callback',
    })
    expect(resolved.clientAuth.method).toBe('private_key_jwt')
    const jws = await new jose.CompactSign(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(await jose.importJWK(privateJwk, 'ES256'))
    await expect(jose.compactVerify(jws, await jose.importJWK(publicJwk, 'ES256'))).resolves.toBeTruthy()
  })

  it('makes keys for the other algorithms the SDK supports, with --kid', async () => {
    for (const [alg, kty] of [
      ['RS256', 'RSA'],
      ['EdDSA', 'OKP'],
      ['ES384', 'EC'],
      ['ECDH-ES+A256KW', 'EC'],
    ] as const) {
      const { code, stdout } = await run('keygen', '--alg', alg, '--kid', 'key-1', '--json')
      expect(code, alg).toBe(0)
      const out = JSON.parse(stdout)
      expect(out.privateJwk, alg).toMatchObject({ kty, alg, kid: 'key-1' })
      expect(out.publicJwk.use).toBe(alg.startsWith('ECDH') ? 'enc' : 'sig')
      expect(out.jwks.keys[0].d).toBeUndefined()
    }
  })

  it('writes the private key only with --out, with mode 0600, and never over an existing file', async () => {
    const file = join(dir, 'private.jwk')
    const { code, stdout } = await run('keygen', '--out', file)
    expect(code).toBe(0)
    expect(stdout).not.toContain('"d"')
    expect(stdout).toContain(`written to ${file} (mode 0600)`)
    const written = JSON.parse(readFileSync(file, 'utf8'))
    expect(typeof written.d).toBe('string')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(section(stdout, '# PUBLIC key').kid).toBe(written.kid)
    const existing = join(dir, 'existing.jwk')
    writeFileSync(existing, 'keep me')
    const again = await run('keygen', '--out', existing)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('not overwritten')
    expect(readFileSync(existing, 'utf8')).toBe('keep me')
  })

  it('refuses an algorithm the SDK does not accept, and an unknown command, with usage', async () => {
    const hmac = await run('keygen', '--alg', 'HS256')
    expect(hmac.code).toBe(2)
    expect(hmac.stderr).toContain('Unsupported --alg "HS256"')
    const unknown = await run('keygn')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Usage: npx @dinhdanh/client keygen')
  })
})
