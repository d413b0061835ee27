import {
  expectNoEcho,
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { claimEdits, editClaims } from '../../test-support/fuzz-vneid.js'
import { VNEID_USERINFO } from '../../test-support/mock-vneid.js'
import { identityFromUserinfo } from './userinfo.js'

// Userinfo of the VNeID dialect (citizenPid, fullName, birthDate, gender, accountLevel) from the valid
// citizen, claims replaced or removed one to five at a time with values aimed at each claim's parser
// (personal numbers with other prefixes and look-alike digits, names NFD or of one word, dates of
// both formats and impossible days, levels as strings and floats) and generic hostile values.

const CLAIMS = {
  personalNumber: 'citizenPid',
  fullName: 'fullName',
  birthDate: 'birthDate',
  gender: 'gender',
  accountType: 'accountType',
  accountLevel: 'accountLevel',
}

describe('fuzz: VNeID userinfo', () => {
  it(
    'identityFromUserinfo: a typed EidError or a citizen, never an untyped throw or a hang',
    async () => {
      const tally = new Tally()
      await runFuzz(
        'VNeID userinfo (identityFromUserinfo)',
        fc.asyncProperty(
          claimEdits,
          fc.constantFrom(1 as const, 2 as const),
          fc.constantFrom<('dd/MM/yyyy' | 'yyyy-MM-dd')[]>(
            ['dd/MM/yyyy', 'yyyy-MM-dd'],
            ['dd/MM/yyyy'],
            ['yyyy-MM-dd'],
          ),
          async (edits, required, birthDateFormats) => {
            const userinfo = editClaims(edits)
            const outcome = await expectTypedOrValid(
              () => identityFromUserinfo(userinfo, { claims: CLAIMS, birthDateFormats, required }),
              {
                valid: ({ citizen, level, subject }) =>
                  /^\d{12}$/.test(subject) &&
                  citizen.personalId === subject &&
                  (level === 1 || level === 2) &&
                  level >= required &&
                  /^\d{4}-\d{2}-\d{2}$/.test(citizen.birthDate) &&
                  citizen.fullName.length > 0,
              },
            )
            if (edits.length === 0 && birthDateFormats.includes('dd/MM/yyyy')) {
              expect(outcome.ok).toBe(true)
            }
            // Attribute errors name claims, never values.
            expectNoEcho(outcome, VNEID_USERINFO.citizenPid, 12)
            for (const edit of edits) {
              if (typeof edit.value === 'string') expectNoEcho(outcome, edit.value, 16)
            }
            tally.add(outcome)
          },
        ),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})
