/**
 * Flag keys and value types, for applications that want the compiler to check them. Empty by
 * default: any key is accepted and values are typed by the default you pass. Augment it to list your
 * flags; then unknown keys, `isEnabled` on a non-boolean flag and defaults of the wrong type are
 * compile errors:
 *
 * ```ts
 * declare module '@switchyard/sdk-node' {
 *   interface FlagTypes {
 *     'new-checkout': boolean;
 *     pricing: string;
 *   }
 * }
 * ```
 *
 * Or pass the map to one client only: `createClient<MyFlags>(options)`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface is what module augmentation can extend.
export interface FlagTypes {}

type IsTyped<F> = [keyof F] extends [never] ? false : true;

/** The flag keys a client accepts: every string, or the keys of `F` once it lists any. */
export type FlagKey<F = FlagTypes> = IsTyped<F> extends true ? Extract<keyof F, string> : string;

/** The keys `isEnabled` accepts: every string, or the keys of `F` whose value is a boolean. */
export type BooleanFlagKey<F = FlagTypes> =
  IsTyped<F> extends true
    ? { [K in Extract<keyof F, string>]: F[K] extends boolean ? K : never }[Extract<keyof F, string>]
    : string;

/** A default a caller may pass for `K`: its declared type, or anything when flags are untyped. */
export type FlagDefault<F, K extends string> = K extends keyof F ? F[K] : unknown;

/** `'$10'` → `string`, `true` → `boolean`, so that an untyped default does not narrow the result. */
type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;

/** What `variation` returns for `K`: its declared type, or the (widened) type of the default. */
export type FlagValue<F, K extends string, D> = K extends keyof F ? F[K] : Widen<D>;
