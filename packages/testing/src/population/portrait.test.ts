import { createHash } from 'node:crypto'
import { attributeCatalogue } from '@dinhdanh/client/schemas'
import { describe, expect, it } from 'vitest'
import { citizenFor } from './citizen-for.js'
import { claimsFor } from './claims.js'
import { portraitClaims, portraitSvg } from './portrait.js'
import { randomPersonalId } from './random-personal-id.js'

const numbers = Array.from({ length: 200 }, (_, index) => randomPersonalId('portraits', index))

describe('portraitSvg', () => {
  it('gives the same bytes for the same number, every time', () => {
    const citizen = citizenFor('001090001234')!
    expect(portraitSvg(citizen)).toBe(portraitSvg(citizen))
    expect(
      portraitSvg({ personalId: '001090001234', gender: citizen.gender, birthDate: citizen.birthDate }),
    ).toBe(portraitSvg(citizen))
  })

  it('pins one drawing, so a change of the model is a deliberate one (the bank example matches faces)', () => {
    const svg = portraitSvg({ personalId: '001090001234', gender: 'male', birthDate: '1990-05-17' })
    expect(createHash('sha256').update(svg).digest('hex')).toBe(
      '3c1e968a7794362dc9e16c623f64c7fcd66732930668c7f028361c55c2b5d07d',
    )
  })

  it('gives different images for different numbers', () => {
    const drawings = new Set(numbers.map((personalId) => portraitSvg({ personalId })))
    expect(drawings.size).toBe(numbers.length)
    // Not only different numbers in one place: the faces vary in several features.
    const fills = new Set(
      numbers.map(
        (personalId) =>
          /<rect width="120" height="150" fill="([^"]+)"/.exec(portraitSvg({ personalId }))?.[1],
      ),
    )
    expect(fills.size).toBeGreaterThan(3)
  })

  it('is valid, small SVG with no script, link, text or external reference', () => {
    for (const personalId of numbers.slice(0, 50)) {
      const citizen = citizenFor(personalId)!
      const svg = portraitSvg(citizen)
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
      expect(svg.endsWith('</svg>')).toBe(true)
      expect(svg.length).toBeLessThan(4096)
      expect(svg).not.toMatch(
        /<script|javascript:|href|xlink|<image|<foreignObject|<text|url\(|on[a-z]+=|<!/i,
      )
      // Well formed: every element is self-closed or closed, in order.
      const stack: string[] = []
      for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
        if (closing) expect(stack.pop()).toBe(name)
        else if (!selfClosing) stack.push(name ?? '')
      }
      expect(stack).toEqual([])
      // Only the elements of the drawing.
      const names = new Set([...svg.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]))
      for (const name of names) expect(['svg', 'rect', 'path', 'circle', 'ellipse', 'g']).toContain(name)
      // No personal data in the drawing.
      expect(svg).not.toContain(citizen.personalId)
      expect(svg).not.toContain(citizen.fullName)
    }
  })
})

describe('portraitClaims', () => {
  it('passes the catalogue schema of the portrait attribute, and claimsFor releases it', () => {
    const citizen = citizenFor('079190012345')!
    const claims = portraitClaims(citizen)
    expect(claims.portrait.media_type).toBe('image/svg+xml')
    expect(Buffer.from(claims.portrait.data, 'base64').toString('utf8')).toBe(portraitSvg(citizen))
    expect(attributeCatalogue.portrait.schema.safeParse(claims).success).toBe(true)
    expect(claimsFor(citizen, ['portrait'])).toEqual(claims)
    expect(claimsFor(citizen, ['identity'])).not.toHaveProperty('portrait')
  })
})
