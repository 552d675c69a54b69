// The console in headless Chromium against a real local cluster (driven by ConsoleBrowserTest):
// the page shows every node live; a node is SIGKILLed from the page's own kill button; the page must
// show it dead and the degraded count above 0 within DEAD_WITHIN_MS, then the count back at 0 as the
// healer repairs. A screenshot of each state goes to SHOTS. Prints one JSON line of timings; exits
// non-zero on any failure.
//
// Env: CONSOLE_URL, NODE (to kill), TOKEN (cluster token), NODES (expected live count), SHOTS (dir),
// PLAYWRIGHT_DIR (node_modules holding playwright-core), CHROMIUM, DEAD_WITHIN_MS, HEALED_WITHIN_MS.
import { createRequire } from "module";
import { mkdirSync } from "fs";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error("missing env " + name);
  return value;
};
const require = createRequire(env("PLAYWRIGHT_DIR") + "/");
const { chromium } = require("playwright-core");

const url = env("CONSOLE_URL"), node = env("NODE"), shots = env("SHOTS");
const nodes = Number(env("NODES")), deadWithin = Number(env("DEAD_WITHIN_MS")), healedWithin = Number(env("HEALED_WITHIN_MS"));
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-background-networking"],
});
const timings = {};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (e) => console.error("page error: " + e.message));
  await page.goto(url);
  await page.waitForFunction((n) => document.getElementById("live-count").textContent === n + " / " + n, nodes, { timeout: 30000 });
  await page.waitForFunction(() => document.getElementById("degraded").textContent === "0", null, { timeout: 30000 });
  await page.waitForSelector("#chart .uplot", { timeout: 10000 });
  await page.screenshot({ path: shots + "/1-all-live.png", fullPage: true });

  await page.fill("#token", env("TOKEN"));
  // The healer may repair soon after the lease expires (the test slows it with a small repair
  // budget): record every degraded count the page shows instead of requiring both at one instant.
  await page.evaluate(() => {
    window.maxDegraded = 0;
    const cell = document.getElementById("degraded");
    new MutationObserver(() => {
      window.maxDegraded = Math.max(window.maxDegraded, Number(cell.textContent) || 0);
    }).observe(cell, { childList: true, characterData: true, subtree: true });
  });
  const killedAt = Date.now();
  await page.click(`tr[data-node="${node}"] button`);
  await page.waitForFunction((id) => {
    const row = document.querySelector(`tr[data-node="${id}"]`);
    return row && row.dataset.live === "false" && window.maxDegraded > 0;
  }, node, { timeout: deadWithin });
  timings.deadAndDegradedMs = Date.now() - killedAt;
  timings.degradedSeen = await page.evaluate(() => window.maxDegraded);
  await page.screenshot({ path: shots + "/2-node-dead.png", fullPage: true });

  await page.waitForFunction(() => document.getElementById("degraded").textContent === "0"
    && document.getElementById("lost").textContent === "0", null, { timeout: healedWithin });
  timings.healedMs = Date.now() - killedAt;
  timings.actionResult = await page.textContent("#action-result");
  await page.screenshot({ path: shots + "/3-healed.png", fullPage: true });
  console.log(JSON.stringify(timings));
} finally {
  await browser.close();
}
