import { HttpResponse, http, type RequestHandler } from 'msw'
import { bearerGrant, guarded, unauthorized } from './endpoint-plumbing.js'
import type { ConsentRecordState, MockEidState } from './state.js'
import { revokeConsentTokens } from './token-endpoint.js'

/** A consent record as the consent API shows it, with a freshly signed receipt. */
async function consentView(state: MockEidState, record: ConsentRecordState) {
  return {
    id: record.id,
    sub: record.sub,
    client_id: record.clientId,
    purpose: record.purpose,
    attributes: record.attributes,
    status: record.status,
    method: record.method,
    text_shown: record.textShown,
    granted_at: record.grantedAt,
    ...(record.withdrawnAt !== undefined && { withdrawn_at: record.withdrawnAt }),
    receipt: await state.tokens.mintConsentReceipt({
      consentId: record.id,
      sub: record.sub,
      clientId: record.clientId,
      purpose: record.purpose,
      attributes: record.attributes,
      method: record.method,
      textShown: record.textShown,
      grantedAt: record.grantedAt,
    }),
  }
}

/** The consent record `id` if the bearer's client owns it, or the refusal to send back. */
function ownConsent(state: MockEidState, request: Request, id: unknown): ConsentRecordState | Response {
  const grant = bearerGrant(state, request, 'consents')
  if (!grant) return unauthorized('consents')
  const record = typeof id === 'string' ? state.consents.get(id) : undefined
  if (!record) return HttpResponse.json({ error: 'not_found' }, { status: 404 })
  if (record.clientId !== grant.clientId) return HttpResponse.json({ error: 'forbidden' }, { status: 403 })
  return record
}

/**
 * The consent API (docs/consent-api.md): list, read and withdraw the client's own consent records with a
 * client-credentials token of scope `consents`; withdrawing revokes the consent's tokens.
 */
export function consentApiHandlers(state: MockEidState): RequestHandler[] {
  return [
    http.get(
      state.endpoint('/consent-api/consents'),
      guarded(state, 'consent_api', async ({ request }) => {
        const grant = bearerGrant(state, request, 'consents')
        if (!grant) return unauthorized('consents')
        const query = new URL(request.url).searchParams
        const records = [...state.consents.values()].filter(
          (r) =>
            r.clientId === grant.clientId &&
            (!query.get('sub') || r.sub === query.get('sub')) &&
            (!query.get('status') || r.status === query.get('status')),
        )
        return HttpResponse.json({
          consents: await Promise.all(records.reverse().map((record) => consentView(state, record))),
        })
      }),
    ),
    http.get(
      state.endpoint('/consent-api/consents/:id'),
      guarded(
        state,
        'consent_api',
        async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
          const record = ownConsent(state, request, params.id)
          return record instanceof Response ? record : HttpResponse.json(await consentView(state, record))
        },
      ),
    ),
    http.delete(
      state.endpoint('/consent-api/consents/:id'),
      guarded(
        state,
        'consent_api',
        async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
          const record = ownConsent(state, request, params.id)
          if (record instanceof Response) return record
          if (record.status === 'withdrawn')
            return HttpResponse.json({ error: 'already_withdrawn' }, { status: 409 })
          record.status = 'withdrawn'
          record.withdrawnAt = state.clock.now()
          revokeConsentTokens(state, record.id)
          return HttpResponse.json(await consentView(state, record))
        },
      ),
    ),
  ]
}
