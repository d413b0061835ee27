/**
 * The part of `oidc-provider@9` the integration tests use. The package ships no types and
 * `@types/oidc-provider` is not installed; this keeps the tests type-checked without a new dependency.
 * See https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  export interface InteractionDetails {
    readonly uid: string
    readonly prompt: {
      readonly name: string
      readonly reasons: readonly string[]
      readonly details: Readonly<Record<string, unknown>>
    }
    readonly params: Readonly<Record<string, unknown>>
    readonly session?: { readonly accountId: string }
    readonly grantId?: string
  }

  export interface InteractionResults {
    login?: { accountId: string; acr?: string; amr?: string[]; remember?: boolean; ts?: number }
    consent?: { grantId?: string }
    error?: string
    error_description?: string
  }

  export interface Grant {
    addOIDCScope(scope: string): void
    addOIDCClaims(claims: readonly string[]): void
    addResourceScope(indicator: string, scope: string): void
    save(): Promise<string>
  }

  export interface GrantConstructor {
    new (properties: { accountId: string; clientId: string }): Grant
    find(id: string): Promise<Grant | undefined>
  }

  export interface Account {
    accountId: string
    claims(
      use: string,
      scope: string,
      claims: unknown,
      rejected: readonly string[],
    ): Promise<Record<string, unknown>>
  }

  /** A client as oidc-provider passes it to configuration callbacks. */
  export interface Client {
    readonly clientId: string
    grantTypeAllowed(grantType: string): boolean
  }

  export type Configuration = Record<string, unknown>

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration)
    readonly issuer: string
    readonly Grant: GrantConstructor
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>
    on(event: string, listener: (...args: unknown[]) => void): this
  }
}
