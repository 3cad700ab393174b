// Where the development corpus is: $UNCLUTTER_CORPUS, else ../shared next to the repository, else
// /work/shared. Tests that need it fail (they do not skip) when it is missing.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function corpusDir() {
  const candidates = [
    process.env.UNCLUTTER_CORPUS,
    path.join(repo, "..", "shared", "corpora", "readability-test-pages"),
    "/work/shared/corpora/readability-test-pages",
  ].filter(Boolean);
  const found = candidates.find((c) => fs.existsSync(path.join(c, "index.json")));
  if (!found) {
    throw new Error(`the development corpus is not at any of ${candidates.join(", ")}; set UNCLUTTER_CORPUS`);
  }
  return found;
}

export function corpusPages() {
  const dir = corpusDir();
  const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
  return index.map((p) => ({ id: p.id, kind: p.kind, file: path.join(dir, "pages", p.id, "source.html") }));
}

export { repo };
