/**
 * The NestJS app of docs/nestjs.md: `eidAuth` installed as global Express middleware, a controller whose
 * routes read the citizen through `@Eid()` and are guarded by `EidGuard`.
 */
import 'reflect-metadata'
import type { EidClient } from '@dinhdanh/client'
import { type EidRequestContext, eidAuth } from '@dinhdanh/express'
import { Controller, Get, Module, UseGuards } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { NestExpressApplication } from '@nestjs/platform-express'
import { Eid, EidGuard } from './eid.js'

@Controller()
class AccountController {
  @Get('status')
  status(@Eid() eid: EidRequestContext) {
    return { signedIn: eid.isSignedIn }
  }

  @Get('me')
  @UseGuards(EidGuard.signedIn())
  me(@Eid() eid: EidRequestContext) {
    return { name: eid.citizen?.fullName, level: eid.level }
  }

  @Get('transfer')
  @UseGuards(EidGuard.signedIn({ level: 2 }))
  transfer() {
    return { allowed: true }
  }

  @Get('insurance')
  @UseGuards(EidGuard.attributes(['health_insurance'], { purpose: 'Kiểm tra thẻ BHYT khi khám bệnh' }))
  insurance(@Eid() eid: EidRequestContext) {
    return eid.attributes.healthInsurance ?? null
  }
}

@Module({ controllers: [AccountController] })
class AppModule {}

/** Creates the Nest app with the e-ID middleware in front of every route (call `listen` on it). */
export async function createNestApp(options: {
  client: EidClient
  baseUrl: string
  sessionSecret: string
}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false })
  app.use(
    eidAuth({ client: options.client, baseUrl: options.baseUrl, session: { secret: options.sessionSecret } }),
  )
  return app
}
