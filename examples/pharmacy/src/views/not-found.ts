/** The page of an unknown address or prescription. */
import { html, type Lang, type SafeHtml } from 'dinhdanh-example-shared'

/** The title and body of the 404 page. */
export function notFoundPage(lang: Lang): { title: { vi: string; en: string }; body: SafeHtml } {
  return {
    title: { vi: 'Không tìm thấy trang', en: 'Page not found' },
    body: html`<p><a href="/">${lang === 'en' ? 'Back to the prescriptions' : 'Về trang đơn thuốc'}</a></p>`,
  }
}
