import { citizenWithPersona, personas } from '@dinhdanh/testing'
import { describe, expect, it } from 'vitest'
import { accountProblem } from './sign-in-rules.js'

describe('accountProblem', () => {
  it('lets an active adult or teenager with a phone sign in', () => {
    for (const persona of [personas.level2Adult, personas.teen16, personas.turns18Tomorrow]) {
      expect(accountProblem(citizenWithPersona(persona.personalId), 'vi')).toBeUndefined()
    }
  })

  it('refuses a child under 14 (no own mobile number for the code; a guardian in reality), in both languages', () => {
    const child = citizenWithPersona(personas.child10.personalId)!
    expect(child.phone).toBeUndefined()
    expect(child.level).toBe(1)
    expect(accountProblem(child, 'vi')).toMatch(/dưới 14 tuổi.*cha, mẹ hoặc người giám hộ/u)
    expect(accountProblem(child, 'en')).toMatch(/under 14.*guardian/u)
  })

  it('still explains a missing account first (a toddler without one)', () => {
    const toddler = citizenWithPersona(personas.toddler4NoAccount.personalId)!
    expect(accountProblem(toddler, 'en')).toBeDefined()
    expect(accountProblem(toddler, 'en')).not.toMatch(/guardian/u)
  })
})
