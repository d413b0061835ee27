import type { AttributeName } from '@dinhdanh/client'
import { attributeCatalogue } from '@dinhdanh/client/schemas'
import { langOf } from 'dinhdanh-example-shared'
import type { Response } from 'express'

/** Date and time in Vietnam's time zone, from epoch seconds. */
export function formatTime(epochSec: number, res: Response): string {
  return new Date(epochSec * 1000).toLocaleString(langOf(res) === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
}

/** The label of a catalogue attribute in the page's language. */
export function attributeLabel(name: AttributeName, res: Response): string {
  return attributeCatalogue[name].label[langOf(res)]
}

/** A personal ID or ID-card number with only its last four digits (on a chip card they are the same number). */
export const maskId = (id: string) => `••••••••${id.slice(-4)}`
