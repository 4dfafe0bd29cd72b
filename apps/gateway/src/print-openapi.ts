// Prints the OpenAPI document that the gateway serves at /api/openapi.json, without starting it:
// the input of the storefront's generated API types (apps/storefront/tools/api-types.ts).
import { openApiDocument } from './openapi';
import { API_ROUTES } from './routes';

process.stdout.write(`${JSON.stringify(openApiDocument(API_ROUTES), null, 2)}\n`);
