import { expectTypedOrValid, FUZZ_TEST_TIMEOUT_MS, runFuzz, Tally } from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildEnvelope, envelopeRecipe } from '../../test-support/fuzz-vneid.js'
import {
  NEEDS_NODE_22,
  pkcs1Supported,
  RP_PRIVATE_PEM,
  VNEID_USERINFO,
} from '../../test-support/mock-vneid.js'
import { isEidError } from '../errors/index.js'
import { readVneidBody } from './endpoints.js'
import { openVneidEnvelope, UnopenableError } from './envelope.js'
import { importEnvelopeKey } from './envelope-key.js'

// Envelopes {data, key} of the token and userinfo endpoints, from real ones sealed with
// sealVneidEnvelope: base64 flipped, "+" as a space, truncated, data and key swapped, the key of another
// envelope or recipient, and hand-crafted ones (an AES key of the wrong length, no or bad PKCS#7
// padding, another AES mode, plaintext that is not UTF-8, not JSON, JSON of the wrong shape, huge or
// deep). Opening needs RSA PKCS#1 v1.5 decryption: Node.js 22+ (skipped loudly on Node.js 20).

const key = importEnvelopeKey(RP_PRIVATE_PEM)

const TOKEN_BODY = { access_token: 'at-5b1e2c', token_type: 'Bearer', expires_in: 300 }

/** What a failure looks like from outside: all that may differ between two decryption failures. */
const signatureOf = (error: unknown) => {
  const { code, message, cause, status } = error as {
    code?: unknown
    message?: unknown
    cause?: unknown
    status?: unknown
  }
  return JSON.stringify({ code, message, status, cause: cause !== undefined })
}

describe('fuzz: VNeID envelopes', () => {
  it.skipIf(!pkcs1Supported)(
    `openVneidEnvelope and readVneidBody: one typed error or the JSON object, never an untyped throw or a hang ${NEEDS_NODE_22}`,
    async () => {
      const tally = new Tally()
      const openFailures = new Set<string>()
      const bodyFailures = new Set<string>()
      await runFuzz(
        'VNeID envelope (openVneidEnvelope, readVneidBody)',
        fc.asyncProperty(
          envelopeRecipe,
          fc.constantFrom('token' as const, 'userinfo' as const),
          fc.boolean(),
          async (recipe, endpoint, required) => {
            const body = endpoint === 'token' ? TOKEN_BODY : VNEID_USERINFO
            const envelope = buildEnvelope(recipe, body)
            // The internal opener's contract: the object, or the one UnopenableError without detail.
            const opened = await expectTypedOrValid(() => openVneidEnvelope(key, envelope, 'ecb'), {
              typed: (error) => error instanceof UnopenableError,
              valid: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
            })
            if (!opened.ok) openFailures.add(signatureOf(opened.error))
            if (recipe.kind === 'edited' && recipe.data.length + recipe.key.length === 0 && !recipe.swap) {
              expect(opened).toEqual({ ok: true, value: body })
            }
            // The public path: the same envelope as the endpoint's JSON body.
            const response = new Response(JSON.stringify(envelope), {
              headers: { 'content-type': 'application/json' },
            })
            const read = await expectTypedOrValid(() =>
              readVneidBody(response, endpoint, { key, aesMode: 'ecb', required }),
            )
            if (!read.ok) {
              expect(isEidError(read.error)).toBe(true)
              if (!opened.ok) bodyFailures.add(signatureOf(read.error))
            } else {
              expect(opened.ok).toBe(true)
            }
            tally.add(read)
          },
        ),
        tally,
      )
      // No oracle: however the envelope failed to open, the error is the same, per endpoint.
      expect(openFailures.size).toBeLessThanOrEqual(1)
      expect(bodyFailures.size).toBeLessThanOrEqual(2) // one for token, one for userinfo
      for (const signature of bodyFailures) expect(JSON.parse(signature)).toMatchObject({ cause: false })
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})
