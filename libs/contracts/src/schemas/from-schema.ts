/**
 * The TypeScript type a body schema describes, for the keywords body schemas use. Each contract
 * type is checked against its schema with `SameType`, so the two cannot drift apart.
 */
export type FromSchema<S> = S extends { oneOf: readonly (infer O)[] }
  ? FromSchema<O>
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { type: 'string' }
      ? string
      : S extends { type: 'integer' | 'number' }
        ? number
        : S extends { type: 'boolean' }
          ? boolean
          : S extends { type: 'array'; items: infer I }
            ? FromSchema<I>[]
            : S extends { type: 'object'; properties: infer P }
              ? ObjectOf<P, S extends { required: readonly (infer R)[] } ? R : never>
              : S extends { type: 'object' }
                ? Record<string, unknown>
                : unknown;

type ObjectOf<P, R> = Flat<
  { [K in keyof P & R]: FromSchema<P[K]> } & { [K in Exclude<keyof P, R>]?: FromSchema<P[K]> }
>;

type Flat<T> = { [K in keyof T]: T[K] };

/** True when each type is assignable to the other. */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Fails to compile unless given `true`: `type _ = Assert<SameType<A, B>>`. */
export type Assert<T extends true> = T;
