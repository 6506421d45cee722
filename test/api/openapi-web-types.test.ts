/**
 * web/src/api/openapi.d.ts is what scripts/gen-web-api.ts derives from the server's OpenAPI document: a route's
 * schema changed without regenerating (npm run gen:web-api), or the file edited by hand, fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument, webApiTypes, WEB_API_TYPES } from '../../scripts/gen-web-api.js';

describe('the web app’s generated API types', () => {
  it('equal, byte for byte, what the OpenAPI document of the routes gives', async () => {
    const doc = (await openApiDocument()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/worklists');
    const text = await webApiTypes(doc);
    // not toEqual on 3 000 lines: a short message naming the command
    expect(text === readFileSync(WEB_API_TYPES, 'utf8'), 'web/src/api/openapi.d.ts is stale: run npm run gen:web-api').toBe(true);
  }, 60_000);
});
