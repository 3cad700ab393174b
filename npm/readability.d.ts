// The declarations of `unclutter/readability` (npm/assemble.mjs fills in where the shared types come from).
import type { CleanOptions, PageType, Removal } from "__MAIN__";

/** A DOM `Document`, as the adapter reads it: `documentElement.outerHTML` (and the address, for `url`). */
export interface DocumentLike {
    readonly documentElement: { readonly outerHTML: string } | null;
    readonly baseURI?: string;
    readonly URL?: string;
}

/** The runtime's DOM `Node` (lib `dom`), else `never`. */
export type DomNode = typeof globalThis extends { Node: { prototype: infer N } } ? N : never;

/** unclutter's options that apply here (the mode is article, the format HTML). */
export type UnclutterOptions = Pick<CleanOptions, "url" | "keep" | "keepIds" | "rules" | "maxInputBytes" | "charset">;

/**
 * Readability's options, and unclutter's. Readability's tunables (`charThreshold`,
 * `nbTopCandidates`, ...) are accepted so that code written for it compiles and runs, and have no
 * effect; `serializer` is called with the article in a `div` (it needs a `Document` argument).
 */
export interface ReadabilityOptions<T = string> extends UnclutterOptions {
    debug?: boolean;
    maxElemsToParse?: number;
    nbTopCandidates?: number;
    charThreshold?: number;
    classesToPreserve?: string[];
    keepClasses?: boolean;
    serializer?: (node: DomNode) => T;
    disableJSONLD?: boolean;
    allowedVideoRegex?: RegExp;
}

/** Readability 0.6's article, and what unclutter removed. */
export interface ReadabilityArticle<T = string> {
    /** The headline ("" if the page has none). */
    title: string;
    /** The article's HTML (the inside of the cleaned page's `<body>`), sanitized. */
    content: T;
    /** Its visible text, one block per line. */
    textContent: string;
    /** `textContent.length`. */
    length: number;
    /** The page's description, else the article's first paragraph. */
    excerpt: string | null;
    byline: string | null;
    dir: string | null;
    siteName: string | null;
    lang: string | null;
    publishedTime: string | null;
    /** Every removal, as in `clean`'s result (`id`s go in `keepIds`). */
    removed: Removal[];
    /** What kind of page this is, and the evidence, as in `clean`'s result. */
    pageType: PageType;
}

export class Readability<T = string> {
    /** A `Document` is read through `documentElement.outerHTML` and never changed. */
    constructor(document: DocumentLike | string, options?: ReadabilityOptions<T>);
    /** The article, or `null` if the page has no text at all. */
    parse(): ReadabilityArticle<T> | null;
}

/** Whether the page probably holds an article. Readability's options are accepted, without effect. */
export function isProbablyReaderable(
    document: DocumentLike | string,
    options?: UnclutterOptions & {
        minContentLength?: number;
        minScore?: number;
        visibilityChecker?: (node: DomNode) => boolean;
    },
): boolean;
