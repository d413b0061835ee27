/**
 * The pieces of the hospital's pages that show citizen data: the health-insurance card, the vaccination
 * history, and the notices that explain a card that is expired, missing or could not be fetched. Used by
 * the patient's check-in page and by the reception desk. Everything goes through the `html` tag (escaped).
 */
import type { Level } from '@dinhdanh/client'
import type { HealthInsurance, Vaccination } from '@dinhdanh/client/schemas'
import { formatDate, html, notice, type SafeHtml, speaker } from 'dinhdanh-example-shared'
import type { Response } from 'express'
import type { InsuranceStatus } from '../check-in.js'

/** Who reads the page: the patient ("you") or the reception desk ("the patient"). */
export type Audience = 'patient' | 'desk'

const BENEFIT_SHARE: Record<number, string> = { 1: '100%', 2: '100%', 3: '95%', 4: '80%', 5: '100%' }

/** The card's fields. */
function cardDetails(res: Response, card: HealthInsurance): SafeHtml {
  const say = speaker(res)
  return html`<dl>
<dt>${say('Số thẻ (mã số BHXH)', 'Card number (social-insurance number)')}</dt><dd id="card-number">${card.number}</dd>
${card.legacyCode ? html`<dt>${say('Mã thẻ 15 ký tự', '15-character card code')}</dt><dd>${card.legacyCode}</dd>` : ''}
${card.benefitLevel ? html`<dt>${say('Mức hưởng', 'Benefit level')}</dt><dd>${card.benefitLevel} (${BENEFIT_SHARE[card.benefitLevel] ?? '—'})</dd>` : ''}
<dt>${say('Hiệu lực', 'Valid')}</dt><dd id="card-validity">${formatDate(card.validFrom)} – ${formatDate(card.validTo)}</dd>
<dt>${say('Nơi đăng ký KCB ban đầu', 'Registered first-visit facility')}</dt><dd id="card-facility">${card.facility.name} (${card.facility.code})</dd>
</dl>`
}

/** The notice under the card: what the status means for this visit. */
function cardNotice(res: Response, status: InsuranceStatus, level: Level | 0, audience: Audience): SafeHtml {
  const say = speaker(res)
  const desk = audience === 'desk'
  switch (status.kind) {
    case 'valid':
      return level === 2
        ? notice(
            'success',
            say(
              'Thẻ còn hiệu lực hôm nay. Thẻ trong tài khoản định danh điện tử mức 2 có giá trị như xuất trình thẻ giấy.',
              'The card is valid today. A card held in a level 2 e-ID account counts as presenting the card.',
            ),
          )
        : notice(
            'info',
            desk
              ? say(
                  'Thẻ còn hiệu lực hôm nay, nhưng tài khoản VNeID của người bệnh ở mức 1: hãy kiểm tra căn cước gắn chip trước khi tính bảo hiểm y tế.',
                  "The card is valid today, but the patient's VNeID account is at level 1: check the chip ID card before billing health insurance.",
                )
              : say(
                  'Thẻ còn hiệu lực hôm nay. Tài khoản VNeID mức 1 chưa thay được việc xuất trình thẻ: vui lòng mang căn cước gắn chip đến quầy tiếp đón để được hưởng bảo hiểm y tế.',
                  'The card is valid today. A level 1 VNeID account does not replace presenting the card: please show your chip ID card at reception to have the visit covered.',
                ),
          )
    case 'expired':
      return html`<div id="card-expired">${notice(
        'warning',
        desk
          ? say(
              `Thẻ bảo hiểm y tế đã hết hạn ngày ${formatDate(status.card.validTo)}. Tiếp nhận người bệnh theo hình thức khám dịch vụ, hoặc hướng dẫn gia hạn thẻ.`,
              `The health-insurance card expired on ${formatDate(status.card.validTo)}. Register the patient as fee-paying, or explain how to renew the card.`,
            )
          : say(
              `Thẻ bảo hiểm y tế của bạn đã hết hạn ngày ${formatDate(status.card.validTo)}. Bạn vẫn được khám hôm nay theo hình thức khám dịch vụ (tự chi trả), hoặc gia hạn thẻ tại cơ quan Bảo hiểm xã hội rồi đăng ký lại.`,
              `Your health-insurance card expired on ${formatDate(status.card.validTo)}. You can still be seen today as a fee-paying patient (self-pay), or renew the card at the Social Insurance office and check in again.`,
            ),
      )}</div>`
    case 'not_yet_valid':
      return html`<div id="card-not-yet-valid">${notice(
        'warning',
        say(
          `Thẻ bảo hiểm y tế chỉ có hiệu lực từ ngày ${formatDate(status.card.validFrom)}. Hôm nay chỉ có thể khám dịch vụ (tự chi trả).`,
          `The health-insurance card is valid only from ${formatDate(status.card.validFrom)}. Today the visit can only be fee-paying (self-pay).`,
        ),
      )}</div>`
    case 'missing':
      return html`<div id="card-missing">${notice(
        'info',
        desk
          ? say(
              'Không nhận được thẻ bảo hiểm y tế: người bệnh chưa có thẻ hoặc không chọn chia sẻ. Kiểm tra thẻ giấy nếu có, hoặc tiếp nhận khám dịch vụ.',
              'No health-insurance card was received: the patient holds none or did not share it. Check a paper card if they have one, or register a fee-paying visit.',
            )
          : say(
              'Chúng tôi không nhận được thẻ bảo hiểm y tế từ VNeID: bạn chưa có thẻ, hoặc đã không chọn chia sẻ thẻ. Bạn vẫn được khám theo hình thức khám dịch vụ; nếu có thẻ giấy, hãy mang đến quầy tiếp đón.',
              'We did not receive a health-insurance card from VNeID: you hold none, or chose not to share it. You can still be seen as a fee-paying patient; if you have a paper card, bring it to reception.',
            ),
      )}</div>`
    case 'unavailable':
      return html`<div id="card-unavailable">${notice(
        'warning',
        desk
          ? say(
              'Hệ thống bảo hiểm y tế đang không phản hồi nên VNeID chưa gửi được thẻ. Kiểm tra thẻ bảo hiểm y tế giấy hoặc căn cước gắn chip của người bệnh.',
              "The health-insurance system is not responding, so VNeID could not send the card. Check the patient's paper card or chip ID card.",
            )
          : say(
              'Hệ thống bảo hiểm y tế đang không phản hồi nên VNeID chưa gửi được thẻ của bạn. Quầy tiếp đón sẽ kiểm tra thẻ bảo hiểm y tế giấy (hoặc căn cước gắn chip) của bạn.',
              'The health-insurance system is not responding, so VNeID could not send your card. Reception will check your paper card (or your chip ID card).',
            ),
      )}</div>`
  }
}

/**
 * The health-insurance panel: the card if one came, and what its status means for this visit.
 *
 * @example
 * ```ts
 * insurancePanel(res, insuranceStatus({ card, unavailable: false }, new Date()), req.eid.level, 'patient')
 * ```
 */
export function insurancePanel(
  res: Response,
  status: InsuranceStatus,
  level: Level | 0,
  audience: Audience,
): SafeHtml {
  const say = speaker(res)
  return html`<section class="panel" id="insurance" data-insurance-status="${status.kind}">
<h2>${say('Thẻ bảo hiểm y tế', 'Health-insurance card')}</h2>
${'card' in status ? cardDetails(res, status.card) : ''}
${cardNotice(res, status, level, audience)}
</section>`
}

/**
 * The vaccination panel: one row per dose, or why there is none. No history is not a reason to stop the
 * check-in: the citizen may untick it on the consent screen (one purpose, each data item optional), or
 * the register may not answer; the page says so and the doctor asks in person.
 *
 * @example
 * ```ts
 * vaccinationPanel(res, req.eid.attributes.vaccination, false, 'patient')
 * ```
 */
export function vaccinationPanel(
  res: Response,
  doses: readonly Vaccination[] | undefined,
  unavailable: boolean,
  audience: Audience = 'patient',
): SafeHtml {
  const say = speaker(res)
  const desk = audience === 'desk'
  let body: SafeHtml
  let status: 'received' | 'unavailable' | 'not_shared' = 'received'
  if (doses === undefined && unavailable) {
    status = 'unavailable'
    body = notice(
      'warning',
      say(
        'Hệ thống tiêm chủng đang không phản hồi; bác sĩ sẽ hỏi trực tiếp về các mũi tiêm.',
        'The vaccination register is not responding; the doctor will ask about vaccinations in person.',
      ),
    )
  } else if (doses === undefined) {
    // Not ticked on the consent screen (or no record held): `req.eid.missing` lists it.
    status = 'not_shared'
    body = html`<div id="vaccinations-not-shared">${notice(
      'info',
      desk
        ? say(
            'Người bệnh không chia sẻ lịch sử tiêm chủng. Vẫn tiếp nhận bình thường; bác sĩ sẽ hỏi trực tiếp về các mũi tiêm.',
            'The patient did not share the vaccination history. Registration goes on as usual; the doctor will ask about vaccinations in person.',
          )
        : say(
            'Bạn không chia sẻ lịch sử tiêm chủng. Việc đăng ký khám vẫn tiếp tục bình thường; bác sĩ sẽ hỏi trực tiếp về các mũi tiêm.',
            'You did not share your vaccination history. Your check-in goes on as usual; the doctor will ask about vaccinations in person.',
          ),
    )}</div>`
  } else if (doses.length === 0) {
    body = html`<p class="muted">${say('Hồ sơ chưa có mũi tiêm nào.', 'No vaccination is on record.')}</p>`
  } else {
    const sorted = [...doses].sort((a, b) => b.date.localeCompare(a.date))
    // Each cell carries its column's name: a phone shows the table row by row, labelled (no header row).
    const [date, disease, vaccine, dose, givenAt] = [
      say('Ngày', 'Date'),
      say('Bệnh', 'Disease'),
      say('Vắc xin', 'Vaccine'),
      say('Mũi', 'Dose'),
      say('Nơi tiêm', 'Given at'),
    ]
    body = html`<table class="stacked">
<thead><tr><th>${date}</th><th>${disease}</th><th>${vaccine}</th><th>${dose}</th><th>${givenAt}</th></tr></thead>
<tbody>${sorted.map((d) => html`<tr><td data-label="${date}">${formatDate(d.date)}</td><td data-label="${disease}">${d.disease}</td><td data-label="${vaccine}">${d.vaccine}</td><td data-label="${dose}">${d.dose}</td><td data-label="${givenAt}">${d.facility}</td></tr>`)}</tbody>
</table>`
  }
  return html`<section class="panel" id="vaccinations" data-vaccination-status="${status}" data-count="${doses?.length ?? 0}">
<h2>${say('Lịch sử tiêm chủng', 'Vaccination history')}</h2>
${body}
</section>`
}
