/** A product of the shop; `ageRestricted` ones need proof that the buyer is 18 or older (Luật Phòng, chống tác hại của rượu, bia 2019). */
export interface Product {
  id: string
  name: { vi: string; en: string }
  description: { vi: string; en: string }
  priceVnd: number
  ageRestricted: boolean
}

/** The demo catalogue. */
export const PRODUCTS: readonly Product[] = [
  {
    id: 'vang-do-da-lat',
    name: { vi: 'Vang đỏ Đà Lạt 750 ml', en: 'Đà Lạt red wine 750 ml' },
    description: { vi: 'Vang nho Cardinal, 12,5% cồn', en: 'Cardinal grape wine, 12.5% alcohol' },
    priceVnd: 185_000,
    ageRestricted: true,
  },
  {
    id: 'ruou-man-bac-ha',
    name: { vi: 'Rượu mận Bắc Hà 500 ml', en: 'Bắc Hà plum liqueur 500 ml' },
    description: { vi: 'Rượu mận truyền thống, 29% cồn', en: 'Traditional plum liqueur, 29% alcohol' },
    priceVnd: 240_000,
    ageRestricted: true,
  },
  {
    id: 'siro-dau-tay',
    name: { vi: 'Siro dâu tây Đà Lạt 500 ml', en: 'Đà Lạt strawberry syrup 500 ml' },
    description: { vi: 'Không cồn, dành cho mọi lứa tuổi', en: 'Alcohol-free, for all ages' },
    priceVnd: 95_000,
    ageRestricted: false,
  },
]

/** The product with this id, if any. */
export function findProduct(id: string): Product | undefined {
  return PRODUCTS.find((product) => product.id === id)
}
