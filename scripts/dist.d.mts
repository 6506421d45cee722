/** Whether dist/ was compiled from the sources now under src/ (see dist.mjs). */
export function distIsCurrent(): boolean;
/** The sha256 digest of src/ (every file's relative path and content). */
export function sourceDigest(): string;
/** The text of dist/.built for a digest (default the sources as they are now). */
export function stampDist(digest?: string): string;
