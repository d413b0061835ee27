import { Browser } from '@dinhdanh/testing/browser'
import { describe, expect, it } from 'vitest'
import { DEMO_APPS } from './demo.js'
import { startExample } from './testing/index.js'

/**
 * The demo's relying parties give their names in both languages (#15, point 7): the provider's English
 * screens showed the Vietnamese name. Registered from the same clients-file entries `npm start` writes.
 */
describe('the demo registry', () => {
  it('every app has a Vietnamese and a distinct English name', () => {
    for (const app of DEMO_APPS) {
      expect(app.clientNameEn).toMatch(/\S/)
      expect(app.clientNameEn).not.toBe(app.clientName)
    }
  })

  it.each(DEMO_APPS.map((app) => [app.name, app] as const))(
    "the provider's sign-in screen names %s in the citizen's language",
    async (_, app) => {
      const rp = await startExample(app, () => (_req, res) => res.writeHead(404).end(), {
        idp: { autoApprove: false },
      })
      try {
        for (const [lang, name] of [
          ['en', app.clientNameEn],
          ['vi', app.clientName],
        ] as const) {
          const { url } = await rp.client.signIn({ uiLocales: lang })
          const page = await new Browser().follow(url)
          expect(page.status).toBe(200)
          expect(page.text).toContain(name)
          if (lang === 'en') expect(page.text).not.toContain(app.clientName)
        }
      } finally {
        await rp.close()
      }
    },
  )
})
