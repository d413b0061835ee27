import { attributeCatalogue, isAttributeName } from '@dinhdanh/client/schemas'
import type { SyntheticCitizen } from '@dinhdanh/testing'
import type { Request, Response } from 'express'
import type { MockIdpContext } from '../../context.js'
import { clientDisplayName, purposeIn } from '../../interactions/client-name.js'
import { CitizenArea } from '../../security/citizen-area.js'
import type { CitizenPageContext, Notice } from '../../views/citizen-page.js'
import { type Lang, messages } from '../../views/i18n.js'
import { type PhoneCibaRequest, phoneHomeScreen, phoneNoticeScreen } from './view.js'

/** A phone stays signed in for a working day. */
const PHONE_SESSION_TTL_SEC = 8 * 3600

/**
 * The phone's citizen session. It counts only when opened with passcode AND one-time code (finding 5 of
 * issue 12: the phone approves sign-ins, so it is never signed in on less than the login screen asks).
 *
 * @example
 * ```ts
 * const area = phoneArea(ctx)
 * const session = await area.signedIn(req)
 * ```
 */
export function phoneArea(ctx: MockIdpContext): CitizenArea {
  return new CitizenArea(ctx, {
    name: 'phone',
    path: '/phone',
    namespace: 'phone-session',
    cookieName: 'phone_session',
    ttlSec: PHONE_SESSION_TTL_SEC,
    requiredAmr: 'otp',
    noticeScreen: (page, notice) => phoneNoticeScreen(page, notice),
  })
}

const NOTICES = ['ciba-approved', 'ciba-denied', 'qr-approved', 'qr-rejected', 'signed-out'] as const
type NoticeName = (typeof NOTICES)[number]

/**
 * The notice of `?done=` after an action (post-redirect-get).
 *
 * @example
 * ```ts
 * res.redirect(303, `/phone?lang=${lang}&done=ciba-approved`)
 * ```
 */
export function phoneNoticeOf(req: Request, lang: Lang): Notice | undefined {
  const name = NOTICES.find((n) => n === req.query.done) as NoticeName | undefined
  if (!name) return undefined
  const t = messages(lang)
  const text = {
    'ciba-approved': t.cibaApproved,
    'ciba-denied': t.cibaDenied,
    'qr-approved': t.qrApproved,
    'qr-rejected': t.qrRejected,
    'signed-out': t.signedOut,
  }[name]
  return { text, kind: 'ok' }
}

function cibaView(
  request: Awaited<ReturnType<MockIdpContext['ciba']['pendingFor']>>[number],
  lang: Lang,
  level: number,
  clientName: string,
): PhoneCibaRequest {
  const attributes = [...new Set(request.scope.split(' ').filter(isAttributeName))]
  const purpose = purposeIn({ purpose: request.purpose, 'purpose#en': request.purposeEn }, lang)
  return {
    id: request.id,
    clientName,
    ...(request.bindingMessage !== undefined && { bindingMessage: request.bindingMessage }),
    ...(purpose !== undefined && { purpose }),
    attributes: attributes.map((name) => ({
      name,
      label: attributeCatalogue[name].label[lang],
      description: attributeCatalogue[name].description[lang],
      sensitive: attributeCatalogue[name].sensitive,
    })),
    ...(level < request.requiredLevel && {
      levelNote: messages(lang).requiredLevelNote(request.requiredLevel, level),
    }),
  }
}

/**
 * The signed-in phone's home: what waits for the citizen (decoupled sign-ins, QR codes), with a notice on
 * top.
 *
 * @example
 * ```ts
 * await sendPhoneHome(ctx, res, page, session, citizen, notice)
 * ```
 */
export async function sendPhoneHome(
  ctx: MockIdpContext,
  res: Response,
  page: CitizenPageContext,
  session: { accountId: string },
  citizen: SyntheticCitizen,
  notice: Notice | undefined,
  status = 200,
): Promise<void> {
  const [ciba, qr] = await Promise.all([
    ctx.ciba.pendingFor(session.accountId),
    ctx.qr.pendingFor(session.accountId),
  ])
  // The relying party's name in the phone's language (`client_name#en`), else the one recorded.
  const names = new Map<string, string>()
  for (const clientId of new Set([...ciba, ...qr.map(({ record }) => record)].map((r) => r.clientId))) {
    const client = await ctx.provider().Client.find(clientId)
    if (client) names.set(clientId, clientDisplayName(client.metadata(), page.lang))
  }
  res
    .status(status)
    .type('html')
    .send(
      phoneHomeScreen(page, {
        name: citizen.fullName,
        ciba: ciba
          .sort((a, b) => b.createdAt - a.createdAt)
          .map((request) =>
            cibaView(request, page.lang, citizen.level, names.get(request.clientId) ?? request.clientName),
          ),
        qr: qr.map(({ id, record }) => ({
          id,
          clientName: names.get(record.clientId) ?? record.clientName,
          matchCode: record.matchCode,
        })),
        ...(notice && { notice }),
      }),
    )
}
