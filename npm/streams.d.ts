// Appended by npm/assemble.mjs to the declarations of every entry point (it uses their
// `Cleaner`, `CleanOptions` and `CleanResult`); not a module of its own.

/** A chunk of a page: text, or bytes in the page's charset. One page's chunks are all of one kind. */
export type Chunk = string | Uint8Array | ArrayBuffer;

/** A WHATWG `ReadableStream` of chunks (a fetch body, a `TextDecoderStream`'s output), as `cleanStream` reads it. */
export interface ChunkStream {
    getReader(): {
        read(): PromiseLike<{ done: boolean; value?: Chunk }>;
        releaseLock(): void;
        cancel(reason?: unknown): PromiseLike<void>;
    };
}

/** What `cleanStream` reads: a `ReadableStream`, or any async iterable of chunks (a Node stream). */
export type ChunkSource = ChunkStream | AsyncIterable<Chunk>;

/** The parts of a fetch `Response` that `cleanResponse` reads. */
export interface ResponseLike {
    readonly body: ChunkSource | null;
    readonly headers: { get(name: string): string | null };
    readonly url?: string;
    readonly bodyUsed?: boolean;
}

/** Options of `cleanStream` and `cleanResponse`: those of `clean`, and a `Cleaner` whose compiled rules to use. */
export interface StreamOptions extends CleanOptions {
    /** Clean with this cleaner's rules (then `rules` is not allowed here). */
    cleaner?: Cleaner;
}

/** The runtime's `Response` (lib `dom`, `@types/node` or Workers' types), else `never`. */
export type ResponseType = typeof globalThis extends { Response: { prototype: infer R } } ? R : never;

/**
 * Cleans a page that arrives in chunks: each goes to the WebAssembly session as it is read, so
 * the page is never one string. The result is `clean`'s on the whole page, however it was split.
 */
export function cleanStream(stream: ChunkSource, options?: StreamOptions): Promise<CleanResult>;

/**
 * Cleans the body of a fetch `Response` as it downloads. The charset is the Content-Type's
 * (unless `options.charset`; a label the server got wrong is ignored), the `url` the
 * response's (unless `options.url`).
 */
export function cleanResponse(response: ResponseLike, options?: StreamOptions): Promise<CleanResult>;

/**
 * `cleanResponse` answered as a new `Response` (status 200): `html` (`text/html`), `markdown`
 * (`text/markdown`) or `text` (`text/plain`) by `options.format`, UTF-8, with the number of
 * removals in the `Unclutter-Removed` header (and a `script-src 'none'` policy for HTML).
 * Errors are thrown, with their `code`.
 */
export function cleanedResponse(response: ResponseLike, options?: StreamOptions): Promise<ResponseType>;
