/**
 * The part of `oidc-provider@9` this repository uses. The package ships no types and the DefinitelyTyped
 * ones describe version 8; this keeps the mock provider and the integration tests type-checked.
 * Reference: https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
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
    readonly lastSubmission?: Readonly<Record<string, unknown>>
    readonly exp: number
  }

  export interface InteractionResults {
    login?: { accountId: string; acr?: string; amr?: string[]; remember?: boolean; ts?: number }
    consent?: { grantId?: string }
    error?: string
    error_description?: string
    [key: string]: unknown
  }

  export interface Grant {
    readonly jti: string
    accountId: string
    clientId: string
    openid?: { scope?: string; claims?: string[] }
    addOIDCScope(scope: string): void
    addOIDCClaims(claims: readonly string[]): void
    addResourceScope(indicator: string, scope: string): void
    rejectOIDCScope(scope: string): void
    rejectOIDCClaims(claims: readonly string[]): void
    getOIDCScope(): string
    save(ttl?: number): Promise<string>
    destroy(): Promise<void>
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
    readonly clientName?: string
    readonly redirectUris: readonly string[]
    grantTypeAllowed(grantType: string): boolean
    metadata(): Record<string, unknown>
    [key: string]: unknown
  }

  export interface ClientConstructor {
    find(id: string): Promise<Client | undefined>
  }

  export interface BackchannelAuthenticationRequest {
    readonly jti: string
    readonly accountId: string
    readonly clientId: string
    readonly params: Readonly<Record<string, unknown>>
    readonly claims?: Readonly<Record<string, unknown>>
    readonly scope?: string
  }

  /** The koa context oidc-provider hands to configuration callbacks (only what we read). */
  export interface KoaContextWithOIDC {
    readonly oidc: {
      readonly params?: Readonly<Record<string, unknown>>
      readonly client?: Client
      readonly entities: Readonly<Record<string, unknown>> & { Grant?: Grant; Client?: Client }
      readonly session?: { readonly accountId?: string }
      readonly issuer: string
    }
    readonly req: IncomingMessage
    readonly res: ServerResponse
    readonly method: string
    readonly path: string
    status: number
    type: string
    body: unknown
    readonly query: Readonly<Record<string, unknown>>
  }

  export type Configuration = Record<string, unknown>

  export interface AdapterPayload {
    [key: string]: unknown
    grantId?: string
    uid?: string
    userCode?: string
    consumed?: number
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>
    find(id: string): Promise<AdapterPayload | undefined>
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>
    findByUid(uid: string): Promise<AdapterPayload | undefined>
    consume(id: string): Promise<void>
    destroy(id: string): Promise<void>
    revokeByGrantId(grantId: string): Promise<void>
  }

  type OidcErrorClass = new (description?: string) => Error & { error: string; error_description?: string }
  export const errors: {
    AccessDenied: OidcErrorClass
    InvalidRequest: OidcErrorClass
    InvalidClientAuth: OidcErrorClass
    InvalidClientMetadata: OidcErrorClass
    InvalidBindingMessage: OidcErrorClass
    [name: string]: OidcErrorClass | undefined
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration)
    readonly issuer: string
    proxy: boolean
    readonly Grant: GrantConstructor
    readonly Client: ClientConstructor
    readonly BackchannelAuthenticationRequest: {
      find(
        id: string,
        options?: { ignoreExpiration?: boolean },
      ): Promise<BackchannelAuthenticationRequest | undefined>
    }
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>
    backchannelResult(
      request: BackchannelAuthenticationRequest | string,
      result: Grant | string | Error,
      options?: { acr?: string; amr?: string[]; authTime?: number; sid?: string },
    ): Promise<void>
    on(event: string, listener: (...args: unknown[]) => void): this
  }
}
