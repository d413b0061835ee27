import {
  expectNoEcho,
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  hostileValue,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { parseAttribute } from '../attributes.js'
import type { Citizen } from './identity.js'
import {
  OLD_PROVINCE_CODES,
  PersonalIdError,
  parsePersonalId,
  personalIdSchema,
  safeParsePersonalId,
} from './personal-id.js'

const VALID = '001099012345'

/** Characters that look like digits or hide in a number: full-width, Arabic-Indic, spaces, NUL, signs. */
const lookalike = fc.constantFrom(
  '０',
  '٠',
  '۹',
  '𝟎',
  ' ',
  '\u00a0',
  '\n',
  '\0',
  '-',
  '+',
  '.',
  'e',
  'x',
  'O',
  'l',
  '\u200b',
)

type Edit = { at: number; text: string; cut: number }

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(13),
  text: fc.oneof(fc.stringMatching(/^[0-9]{0,3}$/), lookalike),
  cut: fc.nat(2),
})

/** A valid number with a province prefix from the table or not, any century digit, and a few edits. */
const personalNumber: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.constantFrom(...Object.keys(OLD_PROVINCE_CODES)), fc.stringMatching(/^[0-9]{3}$/)),
        fc.stringMatching(/^[0-9]{9}$/),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant<Edit[]>([]) },
          fc.array(edit, { minLength: 1, maxLength: 3 }),
        ),
      )
      .map(([prefix, rest, edits]) => {
        let value = prefix + rest
        for (const e of edits) {
          const at = e.at % (value.length + 1)
          value = value.slice(0, at) + e.text + value.slice(at + e.cut)
        }
        return value
      }),
  },
  fc.constantFrom(1099012345, 100109901234, [VALID], [VALID, VALID], { toString: () => VALID }, 10n ** 11n),
  hostileValue,
)

/** `matching`: the birth year and sex the number encodes, so the consistency checks pass and the rest runs. */
const birthdate = fc.oneof(
  { weight: 4, arbitrary: fc.constant('matching') },
  fc
    .date({
      min: new Date('1800-01-01T00:00:00Z'),
      max: new Date('2200-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('1999-02-30', '1999-5-7', '', null, 19990517),
)

const now = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2300-01-01T00:00:00Z'),
  noInvalidDate: true,
})

describe('fuzz: personal identification numbers', () => {
  it(
    'safeParsePersonalId, parsePersonalId and personalIdSchema: a typed result or PersonalIdError, never an untyped throw',
    async () => {
      const tally = new Tally()
      await runFuzz(
        'personal number (parsePersonalId)',
        fc.asyncProperty(personalNumber, now, async (value, at) => {
          const safe = await expectTypedOrValid(() => safeParsePersonalId(value as string, { now: at }), {
            typed: () => false,
            valid: (result) =>
              result.ok
                ? /^[0-9]{12}$/.test(result.value.value) &&
                  OLD_PROVINCE_CODES[result.value.provinceCode] === result.value.province &&
                  result.value.birthYear === result.value.century + Number(result.value.value.slice(4, 6))
                : typeof result.message === 'string' &&
                  (typeof value !== 'string' || value.length < 5 || !result.message.includes(value)),
          })
          const strict = await expectTypedOrValid(() => parsePersonalId(value as string, { now: at }), {
            typed: (error) => error instanceof PersonalIdError,
          })
          expectNoEcho(strict, value, 6)
          await expectTypedOrValid(() => personalIdSchema.safeParse(value), { typed: () => false })
          tally.add(
            safe.ok && !safe.value.ok
              ? { ok: false, error: { code: 'invalid', reason: safe.value.reason } }
              : safe,
          )
        }),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )

  it(
    'the identity attribute (personal_id with birthdate and gender): a typed EidError or a citizen',
    async () => {
      const tally = new Tally()
      await runFuzz(
        'personal number in identity claims (parseAttribute identity)',
        fc.asyncProperty(
          personalNumber,
          birthdate,
          fc.oneof(
            { weight: 6, arbitrary: fc.constant('matching') },
            fc.constantFrom('male', 'female', 'other', '', null),
          ),
          async (personalId, date, gender) => {
            const parsed = safeParsePersonalId(personalId as string)
            const encoded = parsed.ok ? parsed.value : { birthYear: 1990, sex: 'male' }
            const claims = {
              personal_id: personalId,
              name: 'Nguyễn Văn An',
              family_name: 'Nguyễn',
              middle_name: 'Văn',
              given_name: 'An',
              birthdate: date === 'matching' ? `${String(encoded.birthYear).padStart(4, '0')}-05-17` : date,
              gender: gender === 'matching' ? encoded.sex : gender,
            }
            const outcome = await expectTypedOrValid(() => parseAttribute('identity', claims) as Citizen, {
              valid: (citizen) =>
                typeof citizen.personalId === 'string' && /^[0-9]{12}$/.test(citizen.personalId),
            })
            expectNoEcho(outcome, personalId, 6)
            tally.add(outcome)
          },
        ),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})
