import { ProductPage, ProductQuery, Product, productJson, SkuParams } from '../schemas/products';
import { defineRoute } from './route';

export const productRoutes = [
  defineRoute({
    method: 'get',
    path: '/products',
    operationId: 'listProducts',
    summary: 'Page through the catalog, optionally by tag, or search it',
    tag: 'products',
    auth: false,
    limit: 'address',
    budget: 'request',
    request: { query: ProductQuery },
    responses: { 200: { description: 'One page of products: by sku, or most relevant first when searching.', schema: ProductPage } },
    errors: [],
    async handle({ query }, { inventory }) {
      const request = { pageSize: query.pageSize ?? 0, pageToken: query.pageToken ?? '', tag: query.tag ?? '' };
      const page = query.q ? await inventory.searchProducts({ ...request, query: query.q }) : await inventory.listProducts(request);
      return { status: 200, body: { products: page.products.map(productJson), nextPageToken: page.nextPageToken || null } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/products/:sku',
    operationId: 'getProduct',
    summary: 'One product',
    tag: 'products',
    auth: false,
    limit: 'address',
    budget: 'request',
    request: { params: SkuParams },
    responses: { 200: { description: 'The product.', schema: Product } },
    errors: ['notFound'],
    async handle({ params }, { inventory }) {
      const { product } = await inventory.getProduct({ sku: params.sku });
      return { status: 200, body: productJson(product) };
    },
  }),
];
