import {
  claimValue,
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { readAttributes } from '../attributes.js'
import { addressSchema, type CitizenAddresses } from './address.js'
import { PROVINCES_2025 } from './provinces.js'

const current = {
  formatted: '12 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội',
  street_address: '12 Tràng Tiền',
  locality: 'Phường Hoàn Kiếm',
  region: 'Hà Nội',
  country: 'VN',
  province_code: '01',
  commune_code: '00070',
}

const legacy = {
  formatted: 'Thôn 3, Xã Phong Nha, Huyện Bố Trạch, Quảng Bình',
  street_address: 'Thôn 3',
  locality: 'Xã Phong Nha',
  district: 'Huyện Bố Trạch',
  region: 'Quảng Bình',
  country: 'VN',
  province_code: '044',
}

const FIELDS = [...new Set([...Object.keys(current), ...Object.keys(legacy), 'legacy', '__proto__', 'extra'])]

const fieldValue = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    'vn',
    'VN ',
    '1',
    '01',
    '001',
    '044',
    '44',
    '99',
    '0007',
    '000700',
    true,
    false,
  ),
  fc.constantFrom(...Object.keys(PROVINCES_2025)),
  fc.stringMatching(/^[0-9]{1,6}$/),
  claimValue,
)

/** A valid (current or legacy) address with a few fields changed or removed, or any value. */
const address: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.constantFrom(current, legacy),
        fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.boolean(), fieldValue), { maxLength: 3 }),
      )
      .map(([base, edits]) => {
        const copy: Record<string, unknown> = { ...base }
        for (const [name, remove, value] of edits) {
          if (remove) delete copy[name]
          else copy[name] = value
        }
        return copy
      }),
  },
  claimValue,
)

const claims = fc.record(
  {
    address,
    permanent_address: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, address),
    attribute_errors: fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      fc.constantFrom({ address: { reason: 'source_unavailable' } }, { address: null }, { address: 'x' }, []),
      claimValue,
    ),
  },
  { requiredKeys: ['address'] },
)

const isAddresses = (value: CitizenAddresses | undefined) =>
  value === undefined || (value.current.country === 'VN' && typeof value.current.provinceCode === 'string')

describe('fuzz: addresses', () => {
  it(
    'the address attribute: a typed EidError or addresses, never an untyped throw or a hang',
    async () => {
      const tally = new Tally()
      await runFuzz(
        'address (readAttributes address)',
        fc.asyncProperty(claims, async (released) => {
          await expectTypedOrValid(() => addressSchema.safeParse(released.address), { typed: () => false })
          const outcome = await expectTypedOrValid(() => readAttributes(['address'] as const, released), {
            valid: (result) => isAddresses(result.values.address as CitizenAddresses | undefined),
          })
          tally.add(outcome)
        }),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})
