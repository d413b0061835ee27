/**
 * National e-ID sign-in in a NestJS app on Express (`@nestjs/platform-express`), through `@dinhdanh/express`:
 * the `@Eid()` parameter decorator and the `EidGuard`. docs/nestjs.md shows this file;
 * test/nestjs/nestjs.test.ts runs it against the mock provider.
 */
import type { AttributeName, Level } from '@dinhdanh/client'
import { type EidRequestContext, requireAttributes, requireSignIn } from '@dinhdanh/express'
import { type CanActivate, createParamDecorator, type ExecutionContext } from '@nestjs/common'
import type { Request, RequestHandler, Response } from 'express'

/** `@Eid() eid: EidRequestContext`: the request's sign-in state (`req.eid`), in a controller method. */
export const Eid = createParamDecorator(
  (_data: unknown, context: ExecutionContext): EidRequestContext =>
    context.switchToHttp().getRequest<Request>().eid,
)

/**
 * A Nest guard that delegates to the adapter's guard (`requireSignIn` or `requireAttributes`), so the rules
 * (sign-in, step-up, incremental consent, 401 for API calls) stay the kit's. When the adapter answered
 * (a redirect to the provider, a 401, the error page), the guard says no and Nest sends nothing more.
 */
export class EidGuard implements CanActivate {
  static signedIn(options: { level?: Level; purpose?: string; maxAgeSec?: number } = {}): EidGuard {
    return new EidGuard(requireSignIn(options))
  }

  static attributes(names: readonly AttributeName[], options: { purpose?: string } = {}): EidGuard {
    return new EidGuard(requireAttributes(names, options))
  }

  private constructor(private readonly handler: RequestHandler) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp()
    let passed = false
    let failed: unknown
    await this.handler(http.getRequest<Request>(), http.getResponse<Response>(), (error?: unknown) => {
      if (error) failed = error
      else passed = true
    })
    if (failed !== undefined) throw failed
    return passed
  }
}
