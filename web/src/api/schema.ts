// The API's answers as the server's OpenAPI document declares them (openapi.d.ts, generated: npm run gen:web-api).
// The modules beside this one name them for the pages; a route without a response schema has no type here.
import type { paths } from './openapi.js';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON answer (200) of `GET path`. */
export type Got<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;

/** The JSON answer (200 or 201) of `POST path`. */
export type Posted<P extends keyof paths> = paths[P] extends { post: { responses: infer R } }
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer C }
      ? Json<C>
      : never
  : never;
