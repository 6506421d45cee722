/** Whether dist/ is built after every change under src/ (see dist.mjs). */
export function distIsCurrent(): boolean;
