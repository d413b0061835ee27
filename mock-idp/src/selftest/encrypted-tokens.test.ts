import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, type EidClient, type Jwk } from '@dinhdanh/client'
import { exportJWK, generateKeyPair } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import { runSelftest } from './run.js'

/**
 * A relying party on @dinhdanh/client that registered encrypted ID tokens and userinfo (ECDH-ES+A256KW,
 * A256GCM) and refuses plain ones: the hostile provider must encrypt its answers, honest and forged, to
 * the key in --clients, or even the valid sign-in fails.
 */
async function keyPair(alg: 'ES256' | 'ECDH-ES+A256KW', kid: string, use: 'sig' | 'enc') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg, use } as Jwk,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use } as Jwk,
  }
}

const servers: Server[] = []
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections()
    server.close()
  }
})

describe('runSelftest against a relying party with encrypted ID tokens and userinfo', () => {
  it('encrypts every answer to the relying party key: the valid sign-in passes, the forgeries inside JWE are refused', async () => {
    const signing = await keyPair('ES256', 'enc-rp-sig', 'sig')
    const encryption = await keyPair('ECDH-ES+A256KW', 'enc-rp-enc', 'enc')
    const server = createServer()
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const transactions = new Map<string, Awaited<ReturnType<EidClient['signIn']>>['transaction']>()
    const sessions = new Set<string>()
    let eid: EidClient | undefined
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', base)
      const cookie = /(?:^|; )(\w+)=([\w-]+)/g
      const jar = new Map([...(req.headers.cookie ?? '').matchAll(cookie)].map((m) => [m[1], m[2]]))
      const handle = async () => {
        if (!eid) return res.writeHead(503).end()
        if (url.pathname === '/login') {
          const { url: to, transaction } = await eid.signIn({ level: 2 })
          const id = randomBytes(12).toString('hex')
          transactions.set(id, transaction)
          return res.writeHead(302, { location: to, 'set-cookie': `tx=${id}; Path=/; HttpOnly` }).end()
        }
        if (url.pathname === '/callback') {
          const transaction = transactions.get(jar.get('tx') ?? '')
          transactions.delete(jar.get('tx') ?? '')
          if (!transaction) return res.writeHead(400).end('no transaction')
          await eid.completeSignIn(url, transaction)
          const session = randomBytes(12).toString('hex')
          sessions.add(session)
          return res
            .writeHead(302, { location: '/me', 'set-cookie': `sid=${session}; Path=/; HttpOnly` })
            .end()
        }
        if (url.pathname === '/me') return res.writeHead(sessions.has(jar.get('sid') ?? '') ? 200 : 302).end()
        res.writeHead(404).end()
      }
      handle().catch(() => res.writeHead(401).end('refused'))
    })
    const report = await runSelftest({
      port: 0,
      clients: [
        {
          client_id: 'encrypting-rp',
          redirect_uris: [`${base}/callback`],
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: 'ES256',
          jwks: { keys: [signing.publicJwk, encryption.publicJwk] },
          id_token_encrypted_response_alg: 'ECDH-ES+A256KW',
          id_token_encrypted_response_enc: 'A256GCM',
          userinfo_signed_response_alg: 'ES256',
          userinfo_encrypted_response_alg: 'ECDH-ES+A256KW',
          userinfo_encrypted_response_enc: 'A256GCM',
        },
      ],
      login: `${base}/login`,
      signedIn: `${base}/me`,
      only: [
        'alg-none',
        'id-token-signature',
        'nonce-wrong',
        'acr-lower',
        'userinfo-sub',
        'personal-id-birthdate',
      ],
      waitSeconds: 10,
      onListening: async (issuer) => {
        eid = await createClient({
          issuer,
          clientId: 'encrypting-rp',
          clientAuth: { method: 'private_key_jwt', privateJwk: signing.privateJwk },
          redirectUri: `${base}/callback`,
          decryptionJwks: [encryption.privateJwk],
        })
      },
    })
    expect(
      report.results.map((result) => `${result.id}: ${result.outcome}`),
      report.stopped,
    ).toEqual([
      'valid-sign-in: passed',
      'id-token-signature: passed',
      'alg-none: passed',
      'nonce-wrong: passed',
      'acr-lower: passed',
      'userinfo-sub: passed',
      'personal-id-birthdate: passed',
    ])
    expect(report.exitCode).toBe(0)
  })
})
