// Bare oidc-provider 9 with the mock's protocol features (bare-engine.mjs: PAR, PKCE, private_key_jwt,
// ES256 ID tokens, userinfo, refresh tokens) and minimal screens in the mock's shape, so a
// client walks both with the same requests: a login form (12-digit number + passcode, CSRF field), a
// one-time code "sent" to an in-memory outbox (GET /__admin/sms as JSON, newest first, as the mock's admin
// API), the code form, and a consent form with one checkbox per requested scope (nothing pre-ticked).
// No styling, translations, throttling, consent records or receipts: the floor a screen flow costs on the
// bare engine. Usage: node bench/support/bare-provider-forms.mjs <clients.json>; prints "ready at <url>".

import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { startBareEngine } from './bare-engine.mjs'

const PASSCODE = '123456'
const OUTBOX_KEEP = 1000

const { server, issuer, provider, callback } = await startBareEngine(process.argv[2])

/** Per interaction: its CSRF token, and once the passcode was right, the number and the code's digest. */
const pending = new Map()
/** The simulated SMS gateway: newest last, the last OUTBOX_KEEP kept. */
const outbox = []
const digest = (text) => createHash('sha256').update(text).digest()
const html = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? '&#39;',
  )

function page(res, status, body) {
  res.statusCode = status
  res.setHeader('content-type', 'text/html; charset=utf-8')
  res.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign in</title><body>${body}</body></html>`,
  )
}

function redirect(res, location) {
  res.statusCode = 303
  res.setHeader('location', location)
  res.end()
}

async function formBody(req) {
  let body = ''
  for await (const chunk of req) {
    body += chunk
    if (body.length > 16_384) throw new Error('form too large')
  }
  return new URLSearchParams(body)
}

function csrfOf(uid) {
  let entry = pending.get(uid)
  if (!entry) {
    entry = { csrf: randomBytes(16).toString('base64url') }
    pending.set(uid, entry)
  }
  return entry.csrf
}

function csrfValid(uid, form) {
  const expected = pending.get(uid)?.csrf
  const given = form.get('csrf') ?? ''
  return (
    expected !== undefined &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  )
}

const loginForm = (uid, error = '') =>
  `<h1>Sign in</h1>${error && `<p role="alert">${html(error)}</p>`}
<form method="post" action="/interaction/${uid}/login">
<input type="hidden" name="csrf" value="${csrfOf(uid)}">
<label>ID number <input name="personalId" inputmode="numeric" autocomplete="username"></label>
<label>Passcode <input name="passcode" type="password" autocomplete="current-password"></label>
<button>Continue</button></form>`

const otpForm = (uid, error = '') =>
  `<h1>Enter the code</h1>${error && `<p role="alert">${html(error)}</p>`}
<form method="post" action="/interaction/${uid}/otp">
<input type="hidden" name="csrf" value="${csrfOf(uid)}">
<label>Code <input name="otp" inputmode="numeric" autocomplete="one-time-code"></label>
<button>Continue</button></form>`

const consentForm = (uid, client, scopes) =>
  `<h1>${html(client)} asks for</h1>
<form method="post" action="/interaction/${uid}/consent">
<input type="hidden" name="csrf" value="${csrfOf(uid)}">
${scopes.map((scope) => `<label><input type="checkbox" name="attributes" value="${html(scope)}"> ${html(scope)}</label>`).join('\n')}
<button name="decision" value="allow">Allow</button><button name="decision" value="deny">Deny</button></form>`

async function interaction(req, res) {
  const url = new URL(req.url, issuer)
  const [, , uidInPath, step = ''] = url.pathname.split('/')
  const details = await provider.interactionDetails(req, res)
  const { uid } = details
  if (uidInPath !== uid) return page(res, 400, '<p>This link belongs to another sign-in.</p>')
  if (req.method === 'GET' && step === '') {
    if (details.prompt.name === 'login') return page(res, 200, loginForm(uid))
    const scopes = String(details.params.scope ?? '')
      .split(' ')
      .filter((scope) => scope !== 'openid' && scope !== '')
    return page(res, 200, consentForm(uid, details.params.client_id, scopes))
  }
  if (req.method === 'GET' && step === 'otp') {
    if (!pending.get(uid)?.digest) return redirect(res, `/interaction/${uid}`)
    return page(res, 200, otpForm(uid))
  }
  if (req.method !== 'POST') return page(res, 405, '<p>Method not allowed.</p>')
  const form = await formBody(req)
  if (!csrfValid(uid, form)) return page(res, 403, '<p>The form expired; start again.</p>')
  const entry = pending.get(uid)
  if (step === 'login') {
    const personalId = (form.get('personalId') ?? '').replace(/\s/g, '')
    const passcode = form.get('passcode') ?? ''
    const right =
      passcode.length === PASSCODE.length && timingSafeEqual(Buffer.from(passcode), Buffer.from(PASSCODE))
    if (!/^\d{12}$/.test(personalId) || !right)
      return page(res, 400, loginForm(uid, 'Wrong number or passcode.'))
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    entry.personalId = personalId
    entry.digest = digest(code)
    outbox.push({
      id: randomBytes(8).toString('hex'),
      to: personalId,
      text: `Your code is ${code}.`,
      sentAt: Date.now(),
    })
    if (outbox.length > OUTBOX_KEEP) outbox.splice(0, outbox.length - OUTBOX_KEEP)
    return redirect(res, `/interaction/${uid}/otp`)
  }
  if (step === 'otp') {
    if (!entry.digest || !timingSafeEqual(digest(form.get('otp') ?? ''), entry.digest))
      return page(res, 400, otpForm(uid, 'Wrong code.'))
    pending.delete(uid)
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: entry.personalId, amr: ['pwd', 'otp'] } },
      { mergeWithLastSubmission: false },
    )
  }
  if (step === 'consent') {
    pending.delete(uid)
    if (form.get('decision') !== 'allow')
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied' },
        { mergeWithLastSubmission: false },
      )
    const asked = String(details.params.scope ?? '').split(' ')
    const ticked = form.getAll('attributes').filter((scope) => asked.includes(scope))
    const grant = new provider.Grant({
      accountId: details.session.accountId,
      clientId: String(details.params.client_id),
    })
    grant.addOIDCScope(['openid', ...ticked].join(' '))
    const grantId = await grant.save()
    return provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: false },
    )
  }
  return page(res, 404, '<p>Not found.</p>')
}

server.on('request', async (req, res) => {
  try {
    if (req.url === '/__admin/sms' || req.url.startsWith('/__admin/sms?'))
      return res
        .setHeader('content-type', 'application/json')
        .end(JSON.stringify({ messages: outbox.slice(-50).reverse() }))
    if (!req.url.startsWith('/interaction/')) return callback(req, res)
    await interaction(req, res)
  } catch (error) {
    if (!res.headersSent) page(res, 500, `<p>${html(error.message)}</p>`)
    else res.end()
  }
})
process.stdout.write(`ready at ${issuer}\n`)
