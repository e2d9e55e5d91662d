// Exit 0 when node_modules holds exactly the versions package-lock.json pins
// (asc and the binaryen it runs), so `just setup` can skip `npm ci`.
import { readFileSync } from "node:fs";

const major = Number(process.versions.node.split(".")[0]);
if (major < 20) {
  console.error(`assemblyscript: needs node 20+ (asc 0.28 says so), found ${process.version}`);
  process.exit(1);
}
const lock = JSON.parse(
  readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"),
).packages;
for (const name of Object.keys(lock).filter((k) => k.startsWith("node_modules/"))) {
  let have;
  try {
    have = JSON.parse(
      readFileSync(new URL(`../${name}/package.json`, import.meta.url), "utf8"),
    ).version;
  } catch {
    have = "missing";
  }
  if (have !== lock[name].version) {
    console.error(`${name}: ${have}, package-lock.json pins ${lock[name].version}`);
    process.exit(1);
  }
}
