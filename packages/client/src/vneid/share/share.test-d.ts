import { describe, expectTypeOf, it } from 'vitest'
import type {
  Citizen,
  EidClient,
  IdCard,
  Portrait,
  ShareResult,
  ShareState,
  ShareTransaction,
} from '../../index.js'

declare const eid: EidClient

describe('eid.share types', () => {
  it('types the transaction and the result from the requested attributes', async () => {
    const transaction = await eid.share.start({
      personalId: '001090012345',
      attributes: ['identity', 'id_card', 'portrait'],
      purpose: 'Mở tài khoản',
    })
    expectTypeOf(transaction).toEqualTypeOf<ShareTransaction<readonly ['identity', 'id_card', 'portrait']>>()
    const result = await eid.share.result(transaction)
    expectTypeOf(result.attributes).toEqualTypeOf<{
      idCard: IdCard | undefined
      portrait: Portrait | undefined
    }>()
    expectTypeOf(result.citizen).toEqualTypeOf<Citizen | undefined>()
    // @ts-expect-error: driving_licence was not requested
    result.attributes.drivingLicence
    const state = await eid.share.check(transaction)
    expectTypeOf(state).toEqualTypeOf<ShareState<readonly ['identity', 'id_card', 'portrait']>>()
    if (state.status === 'approved')
      expectTypeOf(state.result.attributes.portrait).toEqualTypeOf<Portrait | undefined>()
  })

  it('refuses names outside the catalogue', () => {
    // @ts-expect-error: not an attribute
    void eid.share.start({ personalId: '1', attributes: ['bank_account'], purpose: 'x' })
  })

  it('a transaction read back as JSON gives the untyped-but-safe result', async () => {
    const result = await eid.share.result('{"txnId":"t"}')
    expectTypeOf(result).toEqualTypeOf<ShareResult<readonly import('../../index.js').AttributeName[]>>()
  })
})
