import { ATTRIBUTE_NAMES, attributeCatalogue } from '@dinhdanh/client/schemas'
import { HttpResponse, http, type RequestHandler } from 'msw'
import { DPOP_ALGORITHMS } from './dpop.js'
import { guarded } from './endpoint-plumbing.js'
import type { MockEidState } from './state.js'

/**
 * The provider metadata (OpenID Connect Discovery 1.0 §3): it advertises exactly what the handlers
 * implement, so a client that trusts discovery takes the same paths as against the mock provider.
 */
function metadata({ issuer, endpoint, dpop }: MockEidState) {
  return {
    issuer,
    authorization_endpoint: endpoint('/authorize'),
    token_endpoint: endpoint('/token'),
    userinfo_endpoint: endpoint('/userinfo'),
    jwks_uri: endpoint('/jwks'),
    pushed_authorization_request_endpoint: endpoint('/par'),
    revocation_endpoint: endpoint('/revoke'),
    end_session_endpoint: endpoint('/logout'),
    backchannel_authentication_endpoint: endpoint('/ciba'),
    backchannel_token_delivery_modes_supported: ['poll'],
    backchannel_user_code_parameter_supported: false,
    consent_api_endpoint: endpoint('/consent-api'),
    authorization_response_iss_parameter_supported: true,
    require_pushed_authorization_requests: false,
    request_parameter_supported: false,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:openid:params:grant-type:ciba',
    ],
    code_challenge_methods_supported: ['S256'],
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
    token_endpoint_auth_signing_alg_values_supported: ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'],
    acr_values_supported: ['1', '2'],
    subject_types_supported: ['public'],
    scopes_supported: ['openid', 'offline_access', 'consents', ...ATTRIBUTE_NAMES],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'acr',
      'auth_time',
      'sid',
      'consent_id',
      'attribute_errors',
      ...new Set(ATTRIBUTE_NAMES.flatMap((name) => attributeCatalogue[name].claims)),
    ],
    ui_locales_supported: ['vi', 'en'],
    ...(dpop && { dpop_signing_alg_values_supported: DPOP_ALGORITHMS }),
  }
}

/** The discovery document and the JWKS (RFC 7517 §5) the ID tokens are verified with. */
export function discoveryHandlers(state: MockEidState): RequestHandler[] {
  return [
    http.get(
      state.endpoint('/.well-known/openid-configuration'),
      guarded(state, 'discovery', () => HttpResponse.json(metadata(state))),
    ),
    http.get(
      state.endpoint('/jwks'),
      guarded(state, 'jwks', () =>
        HttpResponse.json(state.tokens.jwks, { headers: { 'content-type': 'application/jwk-set+json' } }),
      ),
    ),
  ]
}
