import { isIP } from 'node:net'
import { isIsoDate } from '@dinhdanh/client/schemas'
import { REFERENCE_DATE } from '@dinhdanh/testing'
import { z } from 'zod'
import { DEFAULT_SQLITE_FILE, MockIdpOptionsError } from './options-error.js'
import { dialectEntryIssues, isDialectEntry } from './vneid/registration.js'

export { MockIdpOptionsError } from './options-error.js'

/**
 * Where the mock provider keeps its state.
 *
 * @example
 * ```ts
 * const store: StoreOption = 'sqlite'
 * ```
 */
export type StoreOption = 'sqlite' | 'memory' | 'redis'

const clientSchema = z.looseObject({
  client_id: z.string().min(1).max(128),
  redirect_uris: z.array(z.url()).min(1),
})

const optionsSchema = z
  .object({
    /** Port to listen on; 0 picks any free port. */
    port: z.coerce.number().int().min(0).max(65_535).default(4000),
    /** Address to listen on. Loopback by default: a mock provider has no business on a public interface. */
    host: z.string().min(1).default('127.0.0.1'),
    /** The public issuer URL, when it differs from the listen address (containers, proxies, staging). */
    issuer: z
      .url({ error: 'expected an absolute http(s) URL such as https://eid.staging.example' })
      .refine((value) => !value.endsWith('/'), {
        error: 'expected no trailing slash (the issuer is an exact string)',
      })
      .optional(),
    store: z.enum(['sqlite', 'memory', 'redis']).default('sqlite'),
    /** SQLite file (default `./.mock-idp/mock-idp.sqlite`). */
    sqliteFile: z.string().min(1).default(DEFAULT_SQLITE_FILE),
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, { error: 'expected redis:// or rediss://' })
      .optional(),
    /** Registered clients: OIDC client metadata plus `consent_event_uri`. */
    clients: z.array(clientSchema).default([]),
    /** Seed of the synthetic population: the same seed gives the same citizens everywhere. */
    seed: z.string().min(1).max(128).default('dinhdanh'),
    /**
     * The day the citizens' ages and cards are computed on (docs/decisions/0005): `'YYYY-MM-DD'`, or
     * `'clock'` for the day in Vietnam (Asia/Ho_Chi_Minh) read at each request. The `mock-idp` command and
     * the demo default to `'clock'`; {@link createMockIdp} defaults to the reference date 2026-07-01
     * (`REFERENCE_DATE`), so tests are the same on every day.
     */
    today: z
      .string()
      .refine((value) => value === 'clock' || isIsoDate(value), {
        error: "expected 'clock' or a real date YYYY-MM-DD",
      })
      .default(REFERENCE_DATE),
    /** Complete `login_hint` requests without screens (CI), granting what was asked. */
    autoApprove: z.boolean().default(false),
    /** Default language of the screens. */
    lang: z.enum(['vi', 'en']).default('vi'),
    /** Token for `/__admin`; generated when absent. */
    adminToken: z.string().min(16, { error: 'expected an admin token of at least 16 characters' }).optional(),
    /** Allow dynamic client registration (RFC 7591). */
    registration: z.boolean().default(false),
    /** The passcode every synthetic citizen signs in with. */
    passcode: z
      .string()
      .regex(/^\d{6}$/, { error: 'expected 6 digits' })
      .default('123456'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
    /** VNeID dialect: also report (header `X-Mock-Explain`, log) what passes here but is unwise at the real provider. */
    explain: z.boolean().default(false),
    /**
     * Proxies in front of the mock (not on this machine) whose `X-Forwarded-For` names the client, for
     * throttling by source address. Proxies on this machine are always trusted.
     */
    trustProxy: z
      .array(z.string().refine((value) => isIP(value) !== 0, { error: 'expected an IP address' }))
      .default([]),
  })
  .superRefine((options, ctx) => {
    for (const [index, entry] of options.clients.entries()) {
      if (!isDialectEntry(entry)) continue
      for (const issue of dialectEntryIssues(entry, `clients.${index}`)) {
        ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message })
      }
    }
    if (options.store === 'redis' && !options.redisUrl) {
      ctx.addIssue({ code: 'custom', path: ['redisUrl'], message: 'expected --redis-url with --store redis' })
    }
  })

/**
 * Options of {@link createMockIdp} and of the `mock-idp` command (flags and environment variables).
 *
 * @example
 * ```ts
 * const options: MockIdpOptions = { port: 0, store: 'memory', autoApprove: true }
 * ```
 */
export type MockIdpOptions = z.input<typeof optionsSchema>

/**
 * Options after validation and defaults.
 *
 * @example
 * ```ts
 * const resolved: ResolvedMockIdpOptions = resolveMockIdpOptions({ store: 'memory' })
 * ```
 */
export type ResolvedMockIdpOptions = z.output<typeof optionsSchema>

/**
 * Validates options and applies defaults; throws {@link MockIdpOptionsError} naming every bad option.
 *
 * @example
 * ```ts
 * resolveMockIdpOptions({ store: 'memory' }).port // 4000
 * ```
 */
export function resolveMockIdpOptions(input: MockIdpOptions): ResolvedMockIdpOptions {
  const parsed = optionsSchema.safeParse(input)
  if (!parsed.success) {
    throw new MockIdpOptionsError(
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    )
  }
  return parsed.data
}
