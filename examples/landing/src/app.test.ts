import { personas, personasOn, REFERENCE_DATE } from '@dinhdanh/testing'
import { DEMO_APPS } from 'dinhdanh-example-shared/demo'
import { Browser, textOf } from 'dinhdanh-example-shared/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const issuer = 'http://127.0.0.1:4999'
const apps = DEMO_APPS.map((app) => ({ name: app.name, url: `http://localhost:${3100 + app.port - 3000}` }))
let origin: string
let close: () => Promise<void>

beforeAll(async () => {
  const server = createApp({ issuer, apps, today: REFERENCE_DATE }).listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  close = () => new Promise((resolve) => server.close(() => resolve()))
})
afterAll(() => close())

describe('the landing page', () => {
  it('links each journey to its app and lists the personas to try, with their numbers', async () => {
    const page = await new Browser().get(`${origin}/`)
    expect(page.status).toBe(200)
    for (const app of apps) expect(page.body).toContain(`id="open-${app.name}" href="${app.url}"`)
    for (const persona of [
      personas.level2Adult,
      personas.level1Adult,
      personas.teen16,
      personas.noHealthInsurance,
    ]) {
      expect(page.body).toContain(`<code>${persona.personalId}</code>`)
    }
    expect(textOf(page)).toContain('Nam, 36 tuổi, sống tại Hà Nội, tài khoản định danh mức 2')
  })

  it("shows the numbers of the mock's day (ADR 0005): the boundary and the teen's follow the year", async () => {
    const day = '2027-03-01'
    const server = createApp({ issuer, apps, today: day }).listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const page = await new Browser().get(`http://127.0.0.1:${(server.address() as { port: number }).port}/`)
      for (const name of ['turns18Tomorrow', 'teen16'] as const) {
        expect(personasOn(day)[name].personalId).not.toBe(personas[name].personalId)
        expect(page.body).toContain(`<code>${personasOn(day)[name].personalId}</code>`)
        expect(page.body).not.toContain(`<code>${personas[name].personalId}</code>`)
      }
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
    expect(() => createApp({ issuer, apps, today: '2027-02-30' })).toThrow(TypeError)
  })

  it('tells how to sign in: passcode, SMS outbox, phone simulator and portal of the configured provider', async () => {
    const page = await new Browser().get(`${origin}/`)
    expect(textOf(page)).toContain('123456')
    for (const path of ['/dev/sms', '/phone', '/account'])
      expect(page.body).toContain(`href="${issuer}${path}"`)
  })

  it("links the hospital's reception desk it mentions (#15, point 6), with the demo PIN", async () => {
    const hospital = apps.find((app) => app.name === 'hospital')!.url
    for (const lang of ['vi', 'en']) {
      const page = await new Browser().get(`${origin}/?lang=${lang}`)
      const link = lang === 'vi' ? 'Quầy tiếp đón (/desk)' : 'Reception desk (/desk)'
      expect(page.body).toContain(
        `<a href="${hospital}/desk">${link}</a>: ${lang === 'vi' ? 'mã PIN' : 'PIN'} 2468.`,
      )
    }
  })

  it('switches to English', async () => {
    const page = await new Browser().get(`${origin}/?lang=en`)
    expect(textOf(page)).toContain('Sign in with the national e-ID')
    expect(textOf(page)).toContain('Man, 36, living in Hà Nội, level-2 e-ID account')
  })
})
