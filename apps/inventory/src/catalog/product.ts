/** A catalog entry as the domain sees it; `availableStock` is units neither held nor sold. */
export interface Product {
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  currencyCode: string;
  imageUrl: string;
  tags: string[];
  availableStock: number;
}
