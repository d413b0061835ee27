import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { citizenFor } from './citizen-for.js'
import { randomPersonalId } from './random-personal-id.js'
import type { SyntheticCitizen } from './synthetic-citizen.js'

/**
 * Golden sample: 50 fixed numbers and what they give, committed in `golden.json`. It was written by another
 * process (and reads no clock or time zone), so equality here is equality across processes and versions.
 * When the model changes ON PURPOSE, regenerate it (`UPDATE_GOLDEN=1`) and list the change in CHANGELOG.md.
 */
const project = (citizen: SyntheticCitizen) => ({
  personalId: citizen.personalId,
  fullName: citizen.fullName,
  birthDate: citizen.birthDate,
  ethnicity: citizen.ethnicity.name,
  religion: citizen.religion,
  address: citizen.address.formatted,
  phone: citizen.phone?.number ?? null,
  level: citizen.level,
  card: citizen.idCard === undefined ? null : `${citizen.idCard.kind} ${citizen.idCard.issue_date}`,
  insurance: citizen.healthInsurance?.legacy_code ?? null,
  licence: citizen.drivingLicence?.classes.map((entry) => `${entry.class} ${entry.issue_date}`) ?? null,
  doses: citizen.vaccinations.length,
})

const GOLDEN_URL = new URL('./golden.json', import.meta.url)

describe('golden sample of the population', () => {
  it('gives the same 50 citizens as the committed golden.json', async () => {
    const sample = Array.from({ length: 50 }, (_, index) =>
      project(citizenFor(randomPersonalId('golden-50', index))!),
    )
    if (process.env.UPDATE_GOLDEN === '1') {
      const { writeFileSync } = await import('node:fs')
      writeFileSync(GOLDEN_URL, `${JSON.stringify(sample, null, 2)}\n`)
    }
    expect(sample).toEqual(JSON.parse(readFileSync(GOLDEN_URL, 'utf8')))
  })
})
