import { describe, expect, it } from 'vitest'
import * as schemas from './index.js'

describe('@dinhdanh/client/schemas', () => {
  it('exports the contract names', () => {
    for (const name of [
      'OLD_PROVINCE_CODES',
      'parsePersonalId',
      'safeParsePersonalId',
      'isLegacyIdNumber',
      'PersonalIdError',
      'PROVINCES_2025',
      'isProvinceCode2025',
      'normalizeName',
      'splitVietnameseName',
      'citizenNameSchema',
      'identityClaimsSchema',
      'addressSchema',
      'addressClaimsSchema',
      'phoneClaimsSchema',
      'idCardClaimsSchema',
      'healthInsuranceClaimsSchema',
      'isHealthInsuranceValidOn',
      'vaccinationClaimsSchema',
      'DRIVING_LICENCE_CLASSES',
      'drivingLicenceClaimsSchema',
      'isDrivingLicenceValidOn',
      'educationClaimsSchema',
      'ageOver18ClaimsSchema',
      'portraitClaimsSchema',
      'isoDateSchema',
      'ATTRIBUTE_NAMES',
      'attributeCatalogue',
      'isAttributeName',
    ]) {
      expect(schemas, name).toHaveProperty(name)
    }
  })
})
