// Small TypeBox helpers the routes' response schemas share.
import { Type } from 'typebox';

/** `t` or null. */
export const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * An object that lists its known fields and keeps the others: a response schema also serializes, and an irregular
 * object (a register's element, ingestion's stats of a file) would lose what it does not list.
 */
export const Open = <P extends Type.TProperties>(props: P) => Type.Object(props, { additionalProperties: true });
