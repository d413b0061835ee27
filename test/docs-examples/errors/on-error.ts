// on-error.ts: eidAuth({ ..., onError }). Answer the errors your users should see differently;
// return without answering and the kit's error page (in Vietnamese, with the code) is shown.
import type { EidError } from '@dinhdanh/client'
import type { Request, Response } from 'express'

export function onError(error: EidError, req: Request, res: Response) {
  // The code and the message are safe to log: never a token, a secret or personal data.
  console.warn(JSON.stringify({ code: error.code, path: req.path, msg: error.message }))
  switch (error.code) {
    case 'ERR_EID_ACCESS_DENIED': // the citizen pressed "Từ chối" or cancelled: not a failure to them
      res.redirect(303, '/?cancelled=1')
      return
    case 'ERR_EID_LEVEL_TOO_LOW': // a level-1 account on a level-2 page
      res.status(403).send('Dịch vụ này cần tài khoản định danh điện tử mức 2.')
      return
  }
}
