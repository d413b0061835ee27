import { type AttributeName, attributeCatalogue, isAttributeName } from '@dinhdanh/client/schemas'
import type Provider from 'oidc-provider'
import type { InteractionDetails } from 'oidc-provider'
import { pairwiseSubject, sectorOf } from '../accounts/pairwise-subject.js'
import { clientDisplayName, purposeIn } from '../interactions/client-name.js'
import { type Scenario, scenarioKey } from '../scenarios.js'
import { type Lang, messages } from '../views/i18n.js'
import { type ConsentMethod, type ConsentRecord, type ConsentRecords, newConsentId } from './records.js'

/** The attributes an authorization request asks for (its scopes that are catalogue attributes). */
export function requestedAttributes(details: Pick<InteractionDetails, 'params'>): AttributeName[] {
  const scope = typeof details.params.scope === 'string' ? details.params.scope : ''
  return [...new Set(scope.split(' ').filter(isAttributeName))]
}

/** The exact text of the consent screen, stored with the record (what the citizen was shown). */
export function consentText(
  lang: Lang,
  clientName: string,
  purpose: string | undefined,
  attributes: readonly AttributeName[],
): string {
  const t = messages(lang)
  const lines = [
    t.consentTitle,
    t.consentIntro(clientName),
    `${t.purpose}: ${purpose ?? t.noPurpose}`,
    t.consentChoose,
    ...attributes.map(
      (name) => `- ${attributeCatalogue[name].label[lang]}: ${attributeCatalogue[name].description[lang]}`,
    ),
    t.consentRights,
  ]
  return lines.join('\n')
}

/** What a granted consent needs. */
export interface GrantConsentInput {
  provider: Provider
  details: InteractionDetails
  accountId: string
  /** The attributes the citizen ticked (a subset of those requested). */
  granted: readonly AttributeName[]
  /** Every attribute that was on the screen (for the text shown). */
  shown: readonly AttributeName[]
  method: ConsentMethod
  lang: Lang
  seed: string
  issuer: string
  scenarios: readonly Scenario[]
  now: number
  consents: ConsentRecords
}

/**
 * Records a consent and creates the oidc-provider grant it stands for: `openid`, the ticked attributes
 * (and `offline_access` when asked), and only the `claims`-parameter claims of those attributes.
 */
export async function grantConsent(input: GrantConsentInput): Promise<ConsentRecord> {
  const { provider, details, accountId, granted } = input
  const clientId = String(details.params.client_id)
  const client = await provider.Client.find(clientId)
  if (!client) throw new Error('unknown client')
  const grant = new provider.Grant({ accountId, clientId })
  const scope = typeof details.params.scope === 'string' ? details.params.scope.split(' ') : []
  grant.addOIDCScope(['openid', ...granted, ...scope.filter((s) => s === 'offline_access')].join(' '))
  const allowedClaims = new Set<string>([
    'sub',
    'acr',
    'auth_time',
    'sid',
    'amr',
    'attribute_errors',
    'consent_id',
  ])
  for (const name of granted) for (const claim of attributeCatalogue[name].claims) allowedClaims.add(claim)
  const missing = (details.prompt.details.missingOIDCClaims as string[] | undefined) ?? []
  const claims = missing.filter((claim) => allowedClaims.has(claim))
  if (claims.length > 0) grant.addOIDCClaims(claims)
  // What the citizen left unticked is rejected, so the request goes on without it (no second prompt).
  const declined = scope.filter((s) => isAttributeName(s) && !granted.includes(s))
  if (declined.length > 0) grant.rejectOIDCScope(declined.join(' '))
  const declinedClaims = missing.filter((claim) => !allowedClaims.has(claim))
  if (declinedClaims.length > 0) grant.rejectOIDCClaims(declinedClaims)
  const grantId = await grant.save()
  const purpose = typeof details.params.purpose === 'string' ? details.params.purpose : ''
  const clientName = typeof client.clientName === 'string' ? client.clientName : clientId
  const sub =
    client.subjectType === 'public'
      ? accountId
      : pairwiseSubject(input.seed, accountId, sectorOf(client as Parameters<typeof sectorOf>[0]))
  const record: ConsentRecord = {
    id: newConsentId(),
    accountId,
    sub,
    clientId,
    clientName,
    purpose,
    attributes: [...granted],
    status: 'active',
    method: input.method,
    // What the screen showed: the name and purpose in its language (`client_name#en`, `purpose#en`).
    textShown: consentText(
      input.lang,
      clientDisplayName(client.metadata(), input.lang),
      purposeIn(details.params, input.lang),
      input.shown,
    ),
    lang: input.lang,
    grantedAt: input.now,
    grantId,
    scenarios: input.scenarios.map(scenarioKey),
  }
  await input.consents.save(record)
  return record
}
