/** The embedded database's template for the installed PGlite (see pglite-template.mjs). */
export function pgliteTemplatePath(): string | undefined;
export function makePgliteTemplate(): Promise<string | undefined>;
