import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/openapi';
import { API_ROUTES } from '../src/routes';

/*
 * What the document promises beyond lengths, read back from the document itself as a generated
 * client or a fuzzer reads it (JSON Schema patterns are ECMA-262 regular expressions, Unicode mode).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document the assertions walk
const document = JSON.parse(JSON.stringify(openApiDocument(API_ROUTES))) as any;
const pattern = (schema: { pattern?: string }) => new RegExp(schema.pattern!, 'u');
const queryParameter = (path: string, name: string) =>
  (document.paths[path].get.parameters as Array<{ name: string; schema: { pattern?: string } }>).find((parameter) => parameter.name === name)!.schema;

describe('the OpenAPI document', () => {
  it("states the user service's two kinds of character, and never refuses a password the service takes", () => {
    const twoKinds = pattern(document.components.schemas.Registration.properties.password);
    for (const refused of ['onlylowercase', 'ONLYCAPITALS', '0123456789', '!!!! ---- ???']) expect(twoKinds.test(refused), refused).toBe(false);
    for (const taken of ['lowercase-and-symbols', 'Capitalised words', 'digits 0123456789', 'Ünïcödé ÄÖÜ 2', 'éèêë !!!!', 'пароль-пароль']) expect(twoKinds.test(taken), taken).toBe(true);
    // Logging in takes any password the account may have.
    expect(document.components.schemas.Credentials.properties.password.pattern).toBeUndefined();
  });

  it('states what a page token and a search look like', () => {
    for (const path of ['/api/v1/products', '/api/v1/orders']) {
      const token = pattern(queryParameter(path, 'pageToken'));
      expect(token.test('eyJhZnRlciI6IkNPRi0wMDEiLCJ0YWciOiIifQ'), path).toBe(true);
      expect(token.test('not a token'), path).toBe(false);
    }
    const q = pattern(queryParameter('/api/v1/products', 'q'));
    expect(q.test('ethiopia filter')).toBe(true);
    expect(q.test('   ')).toBe(false);
  });
});
