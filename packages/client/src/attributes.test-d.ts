import { describe, expectTypeOf, it } from 'vitest'
import type { AttributesOf } from './attributes.js'
import type { EidClient, SignInResult } from './index.js'
import type { Citizen, HealthInsurance } from './schemas/index.js'

declare const eid: EidClient

describe('result.attributes carries exactly the requested attributes', () => {
  it('one attribute', async () => {
    const { transaction } = await eid.signIn({ attributes: ['health_insurance'] as const })
    const result = await eid.completeSignIn('https://bank.test/cb', transaction)
    expectTypeOf(result.attributes).toEqualTypeOf<{ healthInsurance: HealthInsurance | undefined }>()
    // @ts-expect-error: not requested, so not on the type
    result.attributes.drivingLicence
  })

  it('several attributes, camelCased', () => {
    expectTypeOf<AttributesOf<readonly ['age_over_18', 'driving_licence', 'id_card']>>().toHaveProperty(
      'ageOver18',
    )
    expectTypeOf<AttributesOf<readonly ['age_over_18']>['ageOver18']>().toEqualTypeOf<boolean | undefined>()
    expectTypeOf<keyof AttributesOf<readonly ['age_over_18', 'driving_licence', 'id_card']>>().toEqualTypeOf<
      'ageOver18' | 'drivingLicence' | 'idCard'
    >()
  })

  it('no attributes: an empty object type; identity is never an attribute key', async () => {
    const { transaction } = await eid.signIn()
    const result = await eid.completeSignIn('https://bank.test/cb', transaction)
    expectTypeOf<keyof typeof result.attributes>().toEqualTypeOf<never>()
    expectTypeOf(result.citizen).toEqualTypeOf<Citizen | undefined>()
    expectTypeOf<keyof AttributesOf<readonly ['identity']>>().toEqualTypeOf<never>()
  })

  it('unknown attribute names do not compile', () => {
    // @ts-expect-error: 'passport' is not in the catalogue
    eid.signIn({ attributes: ['passport'] as const })
  })

  it('fetchAttributes is typed the same way', async () => {
    const fetched = await eid.fetchAttributes({} as SignInResult['tokens'], ['vaccination'] as const)
    expectTypeOf(fetched.attributes).toHaveProperty('vaccination')
    // @ts-expect-error: not requested
    fetched.attributes.healthInsurance
  })
})
