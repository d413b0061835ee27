import { type AttributeName, attributeCatalogue } from '@dinhdanh/client/schemas'
import { HttpResponse, http, type RequestHandler } from 'msw'
import { attributeAvailability, claimsFor } from '../population/claims.js'
import type { SyntheticCitizen } from '../population/synthetic-citizen.js'
import { presentedGrant } from './dpop.js'
import { bearerGrant, guarded, unauthorized } from './endpoint-plumbing.js'
import { encryptJws } from './keys.js'
import type { MockEidState } from './state.js'

/** The released claims, read per attribute from its source as the mock provider does. */
function releasedClaims(state: MockEidState, citizen: SyntheticCitizen, granted: readonly AttributeName[]) {
  const scenario = state.board.take('source_unavailable')
  const scenarioSource = scenario ? (scenario.source ?? 'health_insurance') : undefined
  const errors: Record<string, { reason: string; source: string }> = {}
  const released: AttributeName[] = []
  for (const attribute of granted) {
    const source = attributeCatalogue[attribute].source
    const availability =
      source === scenarioSource ? 'source_unavailable' : attributeAvailability(citizen, attribute)
    if (availability === 'source_unavailable') errors[attribute] = { reason: 'source_unavailable', source }
    else released.push(attribute)
  }
  const claims = claimsFor(citizen, released)
  if (Object.keys(errors).length > 0) claims.attribute_errors = errors
  return claims
}

async function userinfo(state: MockEidState, request: Request): Promise<Response> {
  const grant = state.dpop ? await presentedGrant(state, request) : bearerGrant(state, request)
  if (grant instanceof Response) return grant
  if (!grant?.personalId) return unauthorized()
  const citizen = state.citizenOf(grant.personalId)
  if (!citizen) return unauthorized()
  const claims = {
    sub: state.subjectOf(grant.personalId),
    ...releasedClaims(state, citizen, grant.granted),
    ...(grant.consentId && { consent_id: grant.consentId }),
  }
  if (!state.encryption?.userinfo) return HttpResponse.json(claims)
  // OpenID Connect Core §5.3.2: signed (with iss and aud), then encrypted, as application/jwt.
  const jws = await state.tokens.sign({ ...claims, iss: state.issuer, aud: grant.clientId })
  return new HttpResponse(await encryptJws(state.encryption, jws), {
    headers: { 'content-type': 'application/jwt' },
  })
}

/**
 * The userinfo endpoint (OpenID Connect Core §5.3): the granted attributes, with the unavailable ones
 * in `attribute_errors`.
 */
export function userinfoHandler(state: MockEidState): RequestHandler {
  return http.get(
    state.endpoint('/userinfo'),
    guarded(state, 'userinfo', ({ request }) => userinfo(state, request)),
  )
}
