/**
 * Inputs for the VNeID dialect's fuzz targets (`src/vneid/*.fuzz.ts`): mutators of base64 values,
 * encrypted values crafted byte by byte (AES key of any length, PKCS#7 padding right or wrong, any
 * plaintext), envelopes and callback URLs built from VALID ones made with the provider-side helpers of
 * `@dinhdanh/client/vneid`, and userinfo claims edited one by one. Every input starts from something
 * that opens, so the fuzzer reaches AES, UTF-8, JSON and the shape checks, not only the base64 check.
 */
import { constants, createCipheriv, type KeyObject, publicEncrypt, randomBytes } from 'node:crypto'
import { encryptVneidCode, sealVneidEnvelope, type VneidEnvelope } from '@dinhdanh/client/vneid'
import { claimValue, deepJson, hostileString } from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { OTHER_KEYS, RP_KEYS, VNEID_USERINFO } from './mock-vneid.js'

// ---------------------------------------------------------------------------------------------------
// Base64 values (code, encrypt_key, data, key)
// ---------------------------------------------------------------------------------------------------

/** One edit of a base64 value as it travels in a query or a JSON body. */
export type Base64Edit =
  | { op: 'flip-char'; index: number; char: string }
  | { op: 'plus-to-space'; all: boolean; to: string }
  | { op: 'percent'; what: 'all' | 'plus' | 'lower' }
  | { op: 'truncate'; at: number }
  | { op: 'append'; text: string }
  | { op: 'strip-padding' }
  | { op: 'flip-bit'; index: number; bit: number }
  | { op: 'cut-bytes'; keep: number }
  | { op: 'add-bytes'; count: number }
  | { op: 'urlsafe' }
  | { op: 'case' }
  | { op: 'replace'; text: string }
  | { op: 'huge'; unit: string; length: number }

const base64Char = fc.constantFrom(
  'A',
  'z',
  '0',
  '+',
  '/',
  '=',
  ' ',
  '-',
  '_',
  '.',
  '%2B',
  '%2b',
  '%2F',
  '%3D',
  '%20',
  '%',
  '\n',
  'é',
  '\0',
)

export const base64Edit: fc.Arbitrary<Base64Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('flip-char' as const), index: fc.nat(700), char: base64Char }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('plus-to-space' as const),
      all: fc.boolean(),
      to: fc.constantFrom(' ', '%20', '+'),
    }),
  },
  fc.record({ op: fc.constant('percent' as const), what: fc.constantFrom('all', 'plus', 'lower') }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(700) }),
  fc.record({
    op: fc.constant('append' as const),
    text: fc.constantFrom('=', '==', '===', 'A', 'AA', 'AAAA', '\n', ' ', '%3D', '&', '#'),
  }),
  fc.record({ op: fc.constant('strip-padding' as const) }),
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('flip-bit' as const), index: fc.nat(600), bit: fc.nat(7) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('cut-bytes' as const), keep: fc.nat(600) }),
  },
  fc.record({ op: fc.constant('add-bytes' as const), count: fc.integer({ min: 1, max: 48 }) }),
  fc.record({ op: fc.constant('urlsafe' as const) }),
  fc.record({ op: fc.constant('case' as const) }),
  fc.record({
    op: fc.constant('replace' as const),
    text: fc.oneof(hostileString, fc.base64String({ maxLength: 400 })),
  }),
  fc.record({
    op: fc.constant('huge' as const),
    unit: fc.constantFrom('A', 'AAA=', '+', '/', '%2B', '='),
    length: fc.integer({ min: 1_000, max: 70_000 }),
  }),
)

/** Applies base64 edits; the byte-level ones decode leniently and re-encode with standard base64. */
export function editBase64(value: string, edits: readonly Base64Edit[]): string {
  let out = value
  for (const edit of edits) out = editOnce(out, edit)
  return out
}

function editOnce(value: string, edit: Base64Edit): string {
  switch (edit.op) {
    case 'flip-char': {
      if (value.length === 0) return edit.char
      const index = edit.index % value.length
      return value.slice(0, index) + edit.char + value.slice(index + 1)
    }
    case 'plus-to-space':
      return edit.all ? value.replaceAll('+', edit.to) : value.replace('+', edit.to)
    case 'percent': {
      if (edit.what === 'plus') return value.replaceAll('+', '%2B')
      let encoded: string
      try {
        encoded = encodeURIComponent(value)
      } catch {
        return value // a lone surrogate (from a replaced value) has no percent-encoding
      }
      return edit.what === 'lower' ? encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()) : encoded
    }
    case 'truncate':
      return value.slice(0, edit.at % (value.length + 1))
    case 'append':
      return value + edit.text
    case 'strip-padding':
      return value.replace(/=+$/, '')
    case 'flip-bit': {
      const bytes = Buffer.from(value, 'base64')
      if (bytes.length === 0) return value
      const index = edit.index % bytes.length
      bytes[index] = (bytes[index] ?? 0) ^ (1 << edit.bit)
      return bytes.toString('base64')
    }
    case 'cut-bytes': {
      const bytes = Buffer.from(value, 'base64')
      return bytes.subarray(0, edit.keep % (bytes.length + 1)).toString('base64')
    }
    case 'add-bytes':
      return Buffer.concat([Buffer.from(value, 'base64'), Buffer.alloc(edit.count, 0x5a)]).toString('base64')
    case 'urlsafe':
      return value.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
    case 'case':
      return [...value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')
    case 'replace':
      return edit.text
    case 'huge':
      return edit.unit.repeat(Math.ceil(edit.length / edit.unit.length))
  }
}

/** Zero to three base64 edits (none a third of the time: the valid value must keep working). */
export const base64Edits: fc.Arbitrary<Base64Edit[]> = fc.oneof(
  fc.constant<Base64Edit[]>([]),
  base64Edit.map((edit) => [edit]),
  fc.array(base64Edit, { minLength: 2, maxLength: 3 }),
)

// ---------------------------------------------------------------------------------------------------
// Encrypted values crafted byte by byte
// ---------------------------------------------------------------------------------------------------

/**
 * How to craft one encrypted pair by hand: the RSA-wrapped key may have any length (AES needs 16, 24 or
 * 32), the AES mode may differ from the client's, and PKCS#7 padding may be left out (the last block
 * then ends in `fill`, which a correct unpadder refuses unless it happens to be valid).
 */
export interface CraftSpec {
  wrappedKeyBytes: number
  mode: 'ecb' | 'cbc'
  padding: boolean
  fill: number
  plaintext: Uint8Array
  recipient: 'rp' | 'other'
}

const text = (value: string) => new Uint8Array(Buffer.from(value, 'utf8'))

/** Plaintexts: a code, JSON of the right and wrong shapes, not UTF-8, not JSON, huge, deep. */
export const plaintext: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constantFrom(
    text('c0d3-7f1e-42aa'),
    text(''),
    text(' '),
    text('code with spaces'),
    text('\u0000\u0001'),
    text('mã-số'),
    text('{"access_token":"at-1","token_type":"Bearer","expires_in":300}'),
    text(JSON.stringify(VNEID_USERINFO)),
    text('\ufeff{"access_token":"at-1"}'),
    text('{"access_token":"at-1"'),
    text('[]'),
    text('null'),
    text('"a string"'),
    text('42'),
    text('{"__proto__":{"polluted":true},"access_token":"at"}'),
    text('{"access_token":"a","access_token":"b"}'),
    new Uint8Array([0xff, 0xfe, 0xfd]),
    new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]), // {"\xc3(":1}
  ),
  fc.uint8Array({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map(text),
  fc.jsonValue({ maxDepth: 3 }).map((value) => text(JSON.stringify(value) ?? 'null')),
  deepJson.map(text),
  fc.integer({ min: 2_000, max: 40_000 }).map((length) => text('a'.repeat(length))),
)

export const craftSpec: fc.Arbitrary<CraftSpec> = fc.record({
  wrappedKeyBytes: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(16, 24, 32) },
    fc.constantFrom(0, 1, 8, 15, 17, 23, 25, 31, 33, 48, 64, 245),
  ),
  mode: fc.constantFrom('ecb' as const, 'ecb' as const, 'cbc' as const),
  padding: fc.boolean(),
  fill: fc.oneof(fc.constantFrom(0, 1, 16, 17, 255), fc.nat(255)),
  plaintext,
  recipient: fc.constantFrom('rp' as const, 'rp' as const, 'rp' as const, 'other' as const),
})

/**
 * Encrypts as the provider would, but by hand so that every part can be wrong. Works on Node.js 20
 * (public-key encryption only).
 */
export function craftEncrypted(spec: CraftSpec): VneidEnvelope {
  const recipient: KeyObject = spec.recipient === 'rp' ? RP_KEYS.publicKey : OTHER_KEYS.publicKey
  const wrappedKey = randomBytes(spec.wrappedKeyBytes)
  // AES itself needs a proper key: a wrapped key of another length gets a stand-in for the data.
  const aesKey = [16, 24, 32].includes(wrappedKey.length) ? wrappedKey : randomBytes(32)
  const iv = spec.mode === 'cbc' ? randomBytes(16) : null
  const cipher = createCipheriv(`aes-${aesKey.length * 8}-${spec.mode}`, aesKey, iv)
  let body = Buffer.from(spec.plaintext)
  if (!spec.padding) {
    cipher.setAutoPadding(false)
    const missing = (16 - (body.length % 16)) % 16 || (body.length === 0 ? 16 : 0)
    body = Buffer.concat([body, Buffer.alloc(missing, spec.fill)])
  }
  const data = Buffer.concat([iv ?? Buffer.alloc(0), cipher.update(body), cipher.final()])
  const key = publicEncrypt({ key: recipient, padding: constants.RSA_PKCS1_PADDING }, wrappedKey)
  return { data: data.toString('base64'), key: key.toString('base64') }
}

// ---------------------------------------------------------------------------------------------------
// Envelopes ({data, key} bodies of the token and userinfo endpoints)
// ---------------------------------------------------------------------------------------------------

/** How to build one envelope from a valid one. */
export type EnvelopeRecipe =
  | { kind: 'edited'; keyBytes: 16 | 24 | 32; data: Base64Edit[]; key: Base64Edit[]; swap: boolean }
  | { kind: 'mixed'; keyBytes: 16 | 24 | 32 } // data of one envelope, key of another
  | { kind: 'other-recipient'; keyBytes: 16 | 24 | 32 }
  | { kind: 'crafted'; spec: CraftSpec; data: Base64Edit[] }

const keyBytes = fc.constantFrom(16 as const, 24 as const, 32 as const)

export const envelopeRecipe: fc.Arbitrary<EnvelopeRecipe> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('edited' as const),
      keyBytes,
      data: base64Edits,
      key: fc.oneof({ weight: 3, arbitrary: fc.constant<Base64Edit[]>([]) }, base64Edits),
      swap: fc.nat(9).map((n) => n < 2),
    }),
  },
  fc.record({ kind: fc.constant('mixed' as const), keyBytes }),
  fc.record({ kind: fc.constant('other-recipient' as const), keyBytes }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('crafted' as const),
      spec: craftSpec,
      data: fc.oneof({ weight: 3, arbitrary: fc.constant<Base64Edit[]>([]) }, base64Edits),
    }),
  },
)

/** Builds the envelope of a recipe around `body` (sealed for real with `sealVneidEnvelope`). */
export function buildEnvelope(recipe: EnvelopeRecipe, body: Record<string, unknown>): VneidEnvelope {
  switch (recipe.kind) {
    case 'edited': {
      const sealed = sealVneidEnvelope(RP_KEYS.publicKey, body, { keyBytes: recipe.keyBytes })
      const data = editBase64(sealed.data, recipe.data)
      const key = editBase64(sealed.key, recipe.key)
      return recipe.swap ? { data: key, key: data } : { data, key }
    }
    case 'mixed': {
      const one = sealVneidEnvelope(RP_KEYS.publicKey, body, { keyBytes: recipe.keyBytes })
      const two = sealVneidEnvelope(RP_KEYS.publicKey, body, { keyBytes: recipe.keyBytes })
      return { data: one.data, key: two.key }
    }
    case 'other-recipient':
      return sealVneidEnvelope(OTHER_KEYS.publicKey, body, { keyBytes: recipe.keyBytes })
    case 'crafted': {
      const crafted = craftEncrypted(recipe.spec)
      return { data: editBase64(crafted.data, recipe.data), key: crafted.key }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Encrypted callbacks (code + encrypt_key in the query, raw)
// ---------------------------------------------------------------------------------------------------

/** How to turn a valid encrypted (code, encrypt_key) pair into the pair the browser brings back. */
export type EncryptedPairRecipe =
  | { kind: 'edited'; code: Base64Edit[]; key: Base64Edit[]; swap: boolean }
  | { kind: 'other-recipient'; keyBytes: 16 | 24 | 32 }
  | { kind: 'mixed' } // the key of another encryption of the same code
  | { kind: 'crafted'; spec: CraftSpec }

export const encryptedPairRecipe: fc.Arbitrary<EncryptedPairRecipe> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('edited' as const),
      code: base64Edits,
      key: fc.oneof({ weight: 2, arbitrary: fc.constant<Base64Edit[]>([]) }, base64Edits),
      swap: fc.nat(9).map((n) => n === 0),
    }),
  },
  fc.record({ kind: fc.constant('other-recipient' as const), keyBytes }),
  fc.record({ kind: fc.constant('mixed' as const) }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('crafted' as const), spec: craftSpec }) },
)

/** The (code, encrypt_key) pair of a recipe, from a valid pair for `code` (made with `encryptVneidCode`). */
export function buildEncryptedPair(
  recipe: EncryptedPairRecipe,
  valid: { code: string; encryptKey: string },
  plainCode: string,
): { code: string; encryptKey: string } {
  switch (recipe.kind) {
    case 'edited': {
      const code = editBase64(valid.code, recipe.code)
      const encryptKey = editBase64(valid.encryptKey, recipe.key)
      return recipe.swap ? { code: encryptKey, encryptKey: code } : { code, encryptKey }
    }
    case 'other-recipient':
      return encryptVneidCode(OTHER_KEYS.publicKey, plainCode, { keyBytes: recipe.keyBytes })
    case 'mixed':
      return { code: valid.code, encryptKey: encryptVneidCode(RP_KEYS.publicKey, plainCode).encryptKey }
    case 'crafted': {
      const crafted = craftEncrypted(recipe.spec)
      return { code: crafted.data, encryptKey: crafted.key }
    }
  }
}

/** Edits of a callback's query beyond the two encrypted values: duplicates, drops, raw characters. */
export type QueryEdit =
  | { op: 'duplicate'; name: 'code' | 'state' | 'encrypt_key'; same: boolean }
  | { op: 'drop'; name: 'code' | 'state' | 'encrypt_key' }
  | { op: 'add'; name: string; value: string }
  | { op: 'raw'; at: number; text: string; cut: number }
  | { op: 'fragment'; text: string }
  | { op: 'base'; base: string }

const queryName = fc.constantFrom('code' as const, 'state' as const, 'encrypt_key' as const)

export const queryEdit: fc.Arbitrary<QueryEdit> = fc.oneof(
  fc.record({ op: fc.constant('duplicate' as const), name: queryName, same: fc.boolean() }),
  fc.record({ op: fc.constant('drop' as const), name: queryName }),
  fc.record({
    op: fc.constant('add' as const),
    name: fc.constantFrom('iss', 'error', 'error_description', 'Code', 'encrypt_key%00', '', 'x'),
    value: fc.oneof(
      hostileString,
      fc.constantFrom('access_denied', 'unmet_authentication_requirements', 'https://sso.vneid.test'),
    ),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('raw' as const),
      at: fc.nat(800),
      text: fc.oneof(
        fc.constantFrom(
          '%',
          '%z',
          '%C3',
          '%C3%28',
          '%ED%A0%80',
          '%00',
          '+',
          '&',
          '&&',
          '=',
          '#',
          '?',
          ' ',
          ';',
        ),
        fc.string({ maxLength: 3 }),
      ),
      cut: fc.nat(3),
    }),
  },
  fc.record({ op: fc.constant('fragment' as const), text: fc.constantFrom('code=x', 'state=y', '', '#') }),
  fc.record({
    op: fc.constant('base' as const),
    base: fc.constantFrom(
      'https://bank.test/auth/vneid/callback/',
      'https://bank.test/auth/vneid/Callback',
      'http://bank.test/auth/vneid/callback',
      'https://evil.test/auth/vneid/callback',
      'https://bank.test:8443/auth/vneid/callback',
      '/auth/vneid/callback',
      '',
    ),
  }),
)

export const queryEdits: fc.Arbitrary<QueryEdit[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<QueryEdit[]>([]) },
  queryEdit.map((edit) => [edit]),
  fc.array(queryEdit, { minLength: 2, maxLength: 3 }),
)

/**
 * Writes a callback URL the way VNeID does (base64 values RAW in the query), then applies query edits.
 * `params` are already in their wire form (not escaped again).
 */
export function buildCallbackUrl(
  base: string,
  params: readonly (readonly [string, string])[],
  edits: readonly QueryEdit[],
): string {
  let list = params.map(([name, value]) => [name, value] as [string, string])
  let fragment = ''
  let url = base
  for (const edit of edits) {
    if (edit.op === 'duplicate') {
      const found = list.find(([name]) => name === edit.name)
      if (found) list.push([edit.name, edit.same ? found[1] : 'AAAA'])
    } else if (edit.op === 'drop') list = list.filter(([name]) => name !== edit.name)
    else if (edit.op === 'add') list.push([edit.name, edit.value])
    else if (edit.op === 'fragment') fragment = `#${edit.text}`
    else if (edit.op === 'base') url = edit.base
  }
  let query = list.map(([name, value]) => `${name}=${value}`).join('&')
  for (const edit of edits) {
    if (edit.op !== 'raw') continue
    const at = edit.at % (query.length + 1)
    query = query.slice(0, at) + edit.text + query.slice(at + edit.cut)
  }
  return `${url}?${query}${fragment}`
}

// ---------------------------------------------------------------------------------------------------
// Userinfo claims
// ---------------------------------------------------------------------------------------------------

const CLAIM_NAMES = [
  'citizenPid',
  'fullName',
  'birthDate',
  'gender',
  'accountType',
  'accountLevel',
  '__proto__',
  'constructor',
  'error',
] as const

/** Values aimed at each claim's parser, next to generic hostile ones. */
const claimSpecific = fc.constantFrom<unknown>(
  // personal numbers
  '001090012345',
  '001190012345',
  '079090012345',
  '999090012345',
  '001090012345 ',
  ' 001090012345',
  '00109001234',
  '0010900123456',
  '００１０９００１２３４５',
  '001090O12345',
  1090012345,
  // names
  'Nguyễn Văn An',
  'Nguyễn Văn An'.normalize('NFD'),
  'Nguyễn',
  'Nguyễn  Văn   An',
  ' Nguyễn Văn An ',
  'Nguyễn\u0000Văn An',
  'Nguyễn Văn\u200bAn',
  'Nguyễn-Văn An',
  'A B',
  'Tôn Nữ Thị Ngọc Hà Xuân Mai Lan Anh',
  `Nguyễn ${'Văn '.repeat(5_000)}An`,
  // dates
  '17/05/1990',
  '1990-05-17',
  '17/05/1890',
  '17/05/2090',
  '31/02/1990',
  '00/00/1990',
  '17/5/1990',
  '1990-5-17',
  ' 17/05/1990 ',
  '17/05/1990\n',
  '17-05-1990',
  '١٧/٠٥/١٩٩٠',
  '17/05/19901',
  '2024-13-01',
  // levels
  1,
  2,
  '1',
  '2',
  0,
  3,
  -1,
  2.5,
  '2.0',
  ' 2',
  'II',
  // genders
  'Nam',
  'Nữ',
  'Nữ'.normalize('NFD'),
  'NỮ',
  'male',
  'F',
  'x',
  'other',
  // account types
  'CONG_DAN',
  'NUOC_NGOAI',
)

export type ClaimEdit = { name: string; value: unknown; remove: boolean }

export const claimEdit: fc.Arbitrary<ClaimEdit> = fc.record({
  name: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CLAIM_NAMES) }, fc.string({ maxLength: 8 })),
  value: fc.oneof({ weight: 3, arbitrary: claimSpecific }, claimValue),
  remove: fc.nat(5).map((n) => n === 0),
})

export const claimEdits: fc.Arbitrary<ClaimEdit[]> = fc.oneof(
  fc.constant<ClaimEdit[]>([]),
  claimEdit.map((edit) => [edit]),
  fc.array(claimEdit, { minLength: 2, maxLength: 5 }),
)

/** The default citizen's userinfo with claims changed or removed (own properties, `__proto__` too). */
export function editClaims(edits: readonly ClaimEdit[], base = VNEID_USERINFO): Record<string, unknown> {
  const claims: Record<string, unknown> = { ...base }
  for (const edit of edits) {
    if (edit.remove) delete claims[edit.name]
    else
      Object.defineProperty(claims, edit.name, {
        value: edit.value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
  }
  return claims
}
