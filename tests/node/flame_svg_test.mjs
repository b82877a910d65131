// The SVG flamegraph of `ior svg` in a real headless Chromium (Debian's chromium, driven by
// playwright-core): frames render, the root spans the width, a click zooms, a search
// highlights and reports the matched share, hovering shows details, and a 100,000-key
// recording stays small and quick. Saves screenshots next to the SVGs.
//
//   node flame_svg_test.mjs <ior binary> <ior-flame-fixture binary> <work dir>
//
// Prints PASS at the end; any missing tool or failed check exits non-zero (never a skip).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const [ior, fixture, workArg] = process.argv.slice(2);
function fail(msg) {
  console.error("FAIL: " + msg);
  process.exit(1);
}
if (!ior || !fixture || !workArg) fail("usage: flame_svg_test.mjs IOR FIXTURE WORKDIR");
const chromiumPath = "/usr/bin/chromium";
if (!existsSync(chromiumPath)) fail(`${chromiumPath} is missing: run cmake/setup-debian.sh`);
let chromium;
try {
  chromium = createRequire(import.meta.url)("playwright-core").chromium;
} catch (e) {
  fail("playwright-core is not installed in tests/node: run cmake/setup-debian.sh (" + e.message + ")");
}
mkdirSync(workArg, { recursive: true });
const work = workArg;

function sh(cmd, args) {
  return execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28 });
}

// A 3,000-key recording for the interaction checks, a 100,000-key one for the size checks.
const small = join(work, "small.ior.zst");
const big = join(work, "big.ior.zst");
sh(fixture, [small, "3000"]);
sh(fixture, [big, "100000"]);
const smallSvg = join(work, "small.svg");
const bigSvg = join(work, "big.svg");
writeFileSync(smallSvg, sh(ior, ["svg", "-title", "browser test", small]));
let t0 = Date.now();
writeFileSync(bigSvg, sh(ior, ["svg", big]));
const bigWriteMs = Date.now() - t0;

// The expected share of the frames named enter_read, from the collapsed stacks.
const collapsed = sh(ior, ["collapsed", small]).trim().split("\n");
let total = 0, reads = 0;
for (const line of collapsed) {
  const sp = line.lastIndexOf(" ");
  const v = Number(line.slice(sp + 1));
  total += v;
  if (line.slice(0, sp).split(";")[1] === "enter_read") reads += v;
}
const expectedShare = (100 * reads / total).toFixed(2) + "%";

const profile = mkdtempSync(join(tmpdir(), "ior-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
  viewport: { width: 1280, height: 800 },
});
try {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("file://" + smallSvg);

  // Frames render; the root spans the drawable width.
  const width = Number(await page.getAttribute("svg", "data-width"));
  const rects = await page.locator("g.f rect").count();
  if (rects < 100) fail(`only ${rects} frame rects`);
  const rootWidth = Number(await page.getAttribute('g.f[data-d="0"] rect', "width"));
  if (Math.abs(rootWidth - width) > 0.5) fail(`root width ${rootWidth}, want ${width}`);
  if ((await page.textContent("#title")) !== "browser test") fail("title not shown");
  const box = await page.locator('g.f[data-d="0"] rect').boundingBox();
  if (!box || box.width < 1000) fail(`root is ${JSON.stringify(box)} on screen`);

  // Hover shows the frame's name, value and share.
  const proc = page.locator('g.f[data-d="1"][data-n="nginx"] rect');
  await proc.hover();
  const details = await page.textContent("#details");
  if (!/^nginx \u2014 \d+ calls \(\d+\.\d\d%\)$/.test(details)) fail(`hover details: '${details}'`);

  // A click zooms: the clicked frame becomes the full width, frames outside it are hidden.
  const before = Number(await proc.getAttribute("width"));
  if (before >= width - 1) fail("nginx is already full width");
  await proc.click();
  const after = Number(await proc.getAttribute("width"));
  if (Math.abs(after - width) > 0.5) fail(`zoomed frame is ${after} wide, want ${width}`);
  const hidden = await page.evaluate(() =>
    [...document.querySelectorAll('g.f[data-d="1"]')].filter((g) => g.style.display === "none").length);
  if (hidden < 1) fail("zoom hid no sibling");
  await page.screenshot({ path: join(work, "flame-zoomed.png") });
  // Reset zoom.
  await page.click("#reset");
  if (Math.abs(Number(await proc.getAttribute("width")) - before) > 0.01) fail("reset did not restore");

  // Search highlights the matches and reports their share.
  page.once("dialog", (d) => d.accept("^enter_read$"));
  await page.click("#search");
  const matchedFrames = await page.locator('g.f[data-match="1"]').count();
  if (matchedFrames < 6) fail(`search highlighted ${matchedFrames} frames`);
  const fills = await page.$$eval('g.f[data-match="1"] rect', (rs) => [...new Set(rs.map((r) => r.getAttribute("fill")))]);
  if (fills.length !== 1 || fills[0] !== "rgb(230,0,230)") fail(`highlight fills ${fills}`);
  const matched = await page.textContent("#matched");
  if (!matched.startsWith("Matched: " + expectedShare)) fail(`'${matched}', want ${expectedShare}`);
  await page.screenshot({ path: join(work, "flame-search.png") });
  if (errors.length) fail("page errors: " + errors.join("; "));

  // 100,000 keys: narrow frames are merged, so the file stays small and opens quickly.
  t0 = Date.now();
  await page.goto("file://" + bigSvg);
  const bigRects = await page.locator("g.f rect").count();
  const bigLoadMs = Date.now() - t0;
  const bigBytes = statSync(bigSvg).size;
  if (bigRects > 30000) fail(`${bigRects} rects for 100,000 keys: narrow frames not merged`);
  const merged = await page.locator('g.f[data-n$="small frames]"]').count();
  if (merged < 1) fail("no merged frame in the 100,000-key SVG");
  await page.screenshot({ path: join(work, "flame-big.png") });
  if (errors.length) fail("page errors: " + errors.join("; "));
  console.log(`small: ${rects} frames; big: ${bigRects} frames (${merged} merged), ` +
              `${(bigBytes / 1e6).toFixed(2)} MB, ior svg ${bigWriteMs} ms, load ${bigLoadMs} ms`);
  console.log("screenshots: " + join(work, "flame-search.png") + " " + join(work, "flame-zoomed.png"));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log("PASS");
