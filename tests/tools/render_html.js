#!/usr/bin/env node
// render_html.js: opens an HTML report in Debian's headless chromium through playwright-core and
// prints what a reviewer would see, as one JSON document, for tests/test_formats_review.py.
//
//   node tests/tools/render_html.js --html report.html [--rule RULE] [--screenshot out.png]
//        [--chromium /usr/bin/chromium] [--width 1280] [--height 2000] [--top 0] [--nojs 1]
//
// The page is loaded from a file:// URL with every other request aborted and recorded, so a
// report that reaches for the network shows up in "requests" (and renders without it). Console
// errors and uncaught exceptions are collected. With --rule, the script filters by that rule
// twice (the <select>, then a click on a finding's rule badge) and reports what stayed visible.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

function parseArgs(argv) {
  const a = { chromium: '/usr/bin/chromium', width: 1280, height: 2000, top: 0 };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    a[k] = argv[++i];
  }
  if (!a.html) throw new Error('usage: render_html.js --html FILE [--rule RULE] [--screenshot PNG]');
  a.width = Number(a.width);
  a.height = Number(a.height);
  a.top = Number(a.top);
  return a;
}

// What the filters left visible: rule ids and count of shown findings, plus the count label.
async function visibleState(page) {
  return page.evaluate(() => {
    const shown = Array.from(document.querySelectorAll('.finding')).filter((el) => el.offsetParent !== null);
    const files = Array.from(document.querySelectorAll('section.file')).filter((el) => el.offsetParent !== null);
    const count = document.getElementById('filter-count');
    return {
      visible: shown.length,
      rules: Array.from(new Set(shown.map((el) => el.getAttribute('data-rule')))).sort(),
      files: files.length,
      countText: count ? count.textContent : null,
    };
  });
}

async function inspect(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    const chart = q('#progress-chart');
    const bars = chart ? Array.from(chart.querySelectorAll('.bar')) : [];
    const filters = q('#filters');
    return {
      title: document.title,
      totalsText: q('#totals') ? q('#totals').innerText : null,
      chart: chart ? { rows: bars.length, width: chart.getBoundingClientRect().width,
        labels: bars.map((b) => b.getAttribute('aria-label')),
        segments: chart.querySelectorAll('.seg').length } : null,
      findings: document.querySelectorAll('.finding').length,
      diffAdded: Array.from(document.querySelectorAll('.finding .dl.add .t')).map((e) => e.textContent).slice(0, 50),
      diffDeleted: Array.from(document.querySelectorAll('.finding .dl.del .t')).map((e) => e.textContent).slice(0, 50),
      filtersVisible: !!(filters && filters.offsetParent !== null),
      ruleOptions: filters ? Array.from(filters.querySelectorAll('#filter-rule option')).map((o) => o.value) : [],
      scrollWidth: document.documentElement.scrollWidth,
      bodyText: document.body.innerText.slice(0, 20000),
    };
  });
}

async function filterChecks(page, rule) {
  const out = { rule };
  await page.selectOption('#filter-rule', rule);
  out.bySelect = await visibleState(page);
  await page.click('#filters button[type=reset]');
  await page.waitForTimeout(50);
  out.afterReset = await visibleState(page);
  // a click on the rule badge of the first finding of that rule narrows to it too
  await page.click(`.finding[data-rule="${rule}"] .fhead a.rule`);
  out.byBadge = await visibleState(page);
  out.selectValue = await page.$eval('#filter-rule', (s) => s.value);
  await page.click('#filters button[type=reset]');
  await page.waitForTimeout(50);
  // unchecking a severity hides that severity
  await page.uncheck('#filters input[name=severity][value=info]');
  out.noInfo = await page.evaluate(() => Array.from(document.querySelectorAll('.finding'))
    .filter((el) => el.offsetParent !== null && el.getAttribute('data-severity') === 'info').length);
  await page.click('#filters button[type=reset]');
  await page.waitForTimeout(50);
  return out;
}

async function main() {
  const args = parseArgs(process.argv);
  const { chromium } = require('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-chromium-'));
  const result = { console: [], pageErrors: [], requests: [] };
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: args.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: args.width, height: 900 },
    javaScriptEnabled: !args.nojs,
  });
  try {
    const page = ctx.pages()[0] || (await ctx.newPage());
    page.on('console', (m) => result.console.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => result.pageErrors.push(String(e)));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      result.requests.push(url);
      return route.abort();
    });
    await page.goto('file://' + path.resolve(args.html), { waitUntil: 'load' });
    Object.assign(result, await inspect(page));
    if (args.rule && !args.nojs) result.filter = await filterChecks(page, args.rule);
    if (args.screenshot) {
      await page.evaluate(() => window.scrollTo(0, 0));
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: args.screenshot, fullPage: true,
        clip: { x: 0, y: args.top, width: args.width, height: Math.max(1, Math.min(h - args.top, args.height)) } });
    }
  } finally {
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(result, null, 1) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(2);
});
