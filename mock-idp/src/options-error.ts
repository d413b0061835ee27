// What the command needs of the options before it loads anything heavy (options.ts loads zod and the
// population's schemas): the error it reports bad options with, and the default SQLite file.

/** Where the SQLite store keeps its state unless `sqliteFile` (`--sqlite-file`) says otherwise. */
export const DEFAULT_SQLITE_FILE = '.mock-idp/mock-idp.sqlite'

/**
 * A problem with the mock provider's options; `issues` names every bad option.
 *
 * @example
 * ```ts
 * try { resolveMockIdpOptions({ port: -1 }) } catch (e) { if (e instanceof MockIdpOptionsError) console.error(e.message) }
 * ```
 */
export class MockIdpOptionsError extends Error {
  readonly code = 'ERR_MOCK_IDP_OPTIONS'
  readonly issues: readonly { path: string; message: string }[]

  constructor(issues: readonly { path: string; message: string }[]) {
    super(
      `Invalid mock-idp options: ${issues.map((issue) => `${issue.path || '(options)'}: ${issue.message}`).join('; ')}. Run mock-idp --help for the list.`,
    )
    this.name = 'MockIdpOptionsError'
    this.issues = issues
  }
}
