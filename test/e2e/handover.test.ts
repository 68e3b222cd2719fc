import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ShiftLogView } from '../../shared/shift-log.js';
import { launchBrowser, waitFor } from '../helpers/browser.js';
import { login, removeDir, request, startTestServer, type TestServer } from '../helpers/server.js';

const ARTIFACTS = path.resolve('test-results/screenshots');
const VIEWPORT = { width: 1920, height: 1080 };
/** A clock the test moves: 07:50 in Shanghai, ten minutes before the morning shift. */
const BEFORE_EIGHT = Date.parse('2026-11-26T23:50:00Z');
const AFTER_EIGHT = Date.parse('2026-11-27T00:05:00Z');
let nowMs = BEFORE_EIGHT;
const clock = { now: () => nowMs };

let browser: Browser;
let server: TestServer | null = null;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  await fs.mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = null;
});

const ROSTER = {
  seats: [
    { seatId: 'IN-1', label: 'A1-01', kind: 'inbound', zone: 'A', row: 0, col: 0 },
    { seatId: 'IN-2', label: 'A1-02', kind: 'inbound', zone: 'A', row: 0, col: 1 },
  ],
  staff: [{ staffId: '1001', name: '员工1001', role: 'agent', skills: ['general'] }],
  shifts: [
    { name: 'night', start: '00:00', end: '08:00', night: true },
    { name: 'morning', start: '08:00', end: '16:00', night: false },
    { name: 'evening', start: '16:00', end: '24:00', night: false },
  ],
};

const text = (p: Page, selector: string) => p.$eval(selector, (e) => (e as HTMLElement).innerText);
const fitsScreen = (p: Page) => p.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth);

async function shoot(p: Page, name: string): Promise<void> {
  await p.waitForTimeout(300);
  await p.screenshot({ path: path.join(ARTIFACTS, `handover-${name}.png`) });
}

/** A fresh browser (its own localStorage, so its own session) with a supervisor signed in through the form. */
async function signIn(url: string, username: string, lang: 'en' | 'zh-CN' = 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${url}/supervisor?lang=${lang}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', `${username}-password`);
  await page.click('button[type=submit]');
  await page.waitForSelector('.badge.live', { timeout: 15_000 });
  return page;
}

async function addNote(page: Page, note: string, problem = false): Promise<void> {
  const before = await page.$$eval('.entries .entry', (els) => els.length);
  await page.fill('.note-form textarea', note);
  if (problem) await page.check('.note-form input[name=problem]');
  await page.click('.note-form button[type=submit]');
  await waitFor(async () => (await page.$$eval('.entries .entry', (els) => els.length)) > before);
}

/** Downloads the CSV behind `selector` and returns its text. */
async function csvFrom(page: Page, selector: string): Promise<{ name: string; body: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click(selector)]);
  const file = await download.path();
  return { name: download.suggestedFilename(), body: await fs.readFile(file, 'utf8') };
}

describe('the shift handover in the supervisor console', () => {
  it('is signed by the night supervisor, confirmed by the morning one, with problems carried and closed, a correction, a print page and a CSV', async () => {
    nowMs = BEFORE_EIGHT;
    server = await startTestServer({ clock });
    const { url } = server;
    const admin = await login(url);
    expect((await request(url, 'PUT', '/api/v1/roster', { token: admin, body: ROSTER })).status).toBe(200);
    await server.running.ops.tick();
    for (const [username, staffId] of [['nightsup', 'S100'], ['morningsup', 'S200']]) {
      const created = await request(url, 'POST', '/api/v1/users', { token: admin, body: { username, password: `${username}-password`, role: 'site-supervisor', staffId } });
      expect(created.status).toBe(201);
    }

    // 07:50, the night shift: a note, an open problem, then the handover signed after a confirmation step.
    const night = await signIn(url, 'nightsup');
    expect(await text(night, '.log h2')).toMatch(/Night · 2026-11-27/);
    await addNote(night, 'Zone B aircon at 30°C');
    await addNote(night, 'IVR option 3 drops calls', true);
    expect(await text(night, '[data-tab=problems] .count')).toBe('1');

    // The same step in Chinese, cancelled: nothing is signed.
    const nightZh = await night.context().newPage();
    await nightZh.goto(`${url}/supervisor?lang=zh-CN`);
    await nightZh.waitForSelector('.badge.live', { timeout: 15_000 });
    await nightZh.click('[data-tab=handover]');
    await nightZh.click('.handover-block.outgoing .sign');
    expect(await text(nightZh, '.handover-block.outgoing .ask')).toMatch(/已有记录保持不变,此后只能追加更正[\s\S]*未解决问题:1 个/);
    await shoot(nightZh, 'sign-zh-CN');
    await nightZh.click('.handover-block.outgoing .ask button:not(.sign-now)');
    await nightZh.waitForSelector('.handover-block.outgoing[data-state=unsigned] .sign');
    await nightZh.close();

    await night.click('[data-tab=handover]');
    await night.waitForSelector('.handover-block.outgoing[data-key="2026-11-27/night"][data-state=unsigned]');
    // The shift before (yesterday's evening) was never signed: nothing to confirm there.
    expect(await night.$('.handover-block.incoming[data-key="2026-11-26/evening"] .confirm')).toBeNull();
    await night.click('.handover-block.outgoing .sign');
    expect(await text(night, '.handover-block.outgoing .ask')).toMatch(/entries stay as they are, only corrections can follow[\s\S]*handed over to the next shift: 1\./);
    await shoot(night, 'sign-en');
    expect(await fitsScreen(night)).toBe(true);
    await night.click('.handover-block.outgoing .sign-now');
    await night.waitForSelector('.handover-block.outgoing[data-state=signed]', { timeout: 10_000 });
    expect(await text(night, '.handover-block.outgoing .signed')).toBe('Signed by S100 at 07:50');
    expect(await text(night, '[data-tab=handover]')).toContain('✓');

    // After signing only corrections follow: one under the aircon note, the note itself unchanged.
    await night.click('[data-tab=log]');
    const aircon = '.entries .entry[data-kind=note]';
    await night.click(`${aircon} .fix`);
    await night.fill(`${aircon} input[name=correction]`, 'it was 26°C, the sensor was in the sun');
    await shoot(night, 'correct-en');
    await night.click(`${aircon} .correct-form .save`);
    await night.waitForSelector(`${aircon} .correction`, { timeout: 10_000 });
    expect(await text(night, `${aircon} .text`)).toBe('Zone B aircon at 30°C');
    expect(await text(night, `${aircon} .correction`)).toMatch(/Correction\s*07:50\s*S100: it was 26°C/);
    // A correction is shown under its entry, not as an entry of its own.
    expect(await night.$('.entries > .entry[data-kind=correction]')).toBeNull();

    // 08:05: the morning shift.
    nowMs = AFTER_EIGHT;
    await server.running.ops.tick();
    const morning = await signIn(url, 'morningsup');
    expect(await text(morning, '.log h2')).toMatch(/Morning · 2026-11-27/);
    await morning.waitForSelector('.entries .entry[data-kind=problem-carried]', { timeout: 10_000 });
    expect(await text(morning, '.entries .entry[data-kind=problem-carried]')).toMatch(/Problem carried over[\s\S]*IVR option 3 drops calls \(open since 2026-11-27 Night\)/);
    await morning.click('[data-tab=problems]');
    await morning.waitForSelector('.open-problem');
    expect(await text(morning, '.open-problem')).toMatch(/IVR option 3 drops calls[\s\S]*opened by S100 at 07:50 · 2026-11-27 Night[\s\S]*carried over/);
    await shoot(morning, 'problems-en');
    const zh = await morning.context().newPage();
    await zh.goto(`${url}/supervisor?lang=zh-CN`);
    await zh.waitForSelector('.badge.live', { timeout: 15_000 });
    await zh.click('[data-tab=problems]');
    await zh.waitForSelector('.open-problem');
    expect(await text(zh, '.open-problem')).toMatch(/S100 于 07:50 登记 · 2026-11-27 夜班[\s\S]*前班转入/);
    await shoot(zh, 'problems-zh-CN');

    // The night supervisor cannot confirm their own handover: the console says why.
    await night.click('[data-tab=handover]');
    await night.waitForSelector('.handover-block.incoming[data-key="2026-11-27/night"][data-state=signed] .confirm', { timeout: 15_000 });
    await night.click('.handover-block.incoming .confirm');
    await night.waitForSelector('.handover-block.incoming .error');
    expect(await text(night, '.handover-block.incoming .error')).toMatch(/you signed this handover yourself/);

    // The morning supervisor confirms the night's handover.
    await morning.click('[data-tab=handover]');
    await morning.waitForSelector('.handover-block.incoming[data-key="2026-11-27/night"][data-state=signed]');
    expect(await text(morning, '[data-tab=handover]')).toContain('●');
    await morning.click('.handover-block.incoming .confirm');
    await morning.waitForSelector('.handover-block.incoming[data-state=confirmed]', { timeout: 10_000 });
    expect(await text(morning, '.handover-block.incoming')).toMatch(/Signed by S100 at 07:50[\s\S]*Confirmed by S200 at 08:05/);
    expect(await morning.$('.handover-block.incoming .error')).toBeNull();
    await shoot(morning, 'confirmed-en');
    expect(await fitsScreen(morning)).toBe(true);

    // ... and closes the carried problem with a note.
    await morning.click('[data-tab=problems]');
    await morning.click('.open-problem .close');
    await morning.fill('.open-problem input[name=closing]', 'vendor fixed the IVR');
    await morning.click('.open-problem .close-form button[type=submit]');
    await morning.waitForSelector('.open-problem', { state: 'detached', timeout: 10_000 });
    expect(await text(morning, '[data-tab=problems] .count')).toBe('0');
    await morning.click('[data-tab=log]');
    await morning.waitForSelector('.entries .entry[data-kind=problem-closed]');
    expect(await text(morning, '.entries .entry[data-kind=problem-closed]')).toMatch(/Closed: IVR option 3 drops calls — vendor fixed the IVR/);

    const nightLog = (await request<ShiftLogView>(url, 'GET', `/api/v1/shift-log?shift=${encodeURIComponent('2026-11-27/night')}`, { token: admin })).body;
    expect(nightLog.handover).toMatchObject({ signedBy: 'S100', confirmedBy: 'S200', signedAt: '2026-11-27T07:50:00+08:00', confirmedAt: '2026-11-27T08:05:00+08:00' });
    expect(nightLog.entries.find((e) => e.kind === 'correction')).toMatchObject({ actor: 'S100', data: { text: 'it was 26°C, the sensor was in the sun' } });

    // The night's log read back from the morning console: the correction under its entry.
    await morning.selectOption('select[name=shift]', '2026-11-27/night');
    await morning.waitForSelector('.entries .entry[data-kind=handover-signed]', { timeout: 10_000 });
    expect(await morning.$('.note-form')).toBeNull();
    expect(await text(morning, '.entries .entry[data-kind=note] .correction')).toMatch(/it was 26°C/);
    expect(await text(morning, '.entries')).toMatch(/Shift figures[\s\S]*Offered 0 · answered 0/);
    await shoot(morning, 'log-en');
    const csv = await csvFrom(morning, '.toolbar .csv');
    expect(csv.name).toBe('shift-log-2026-11-27-night.csv');
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('at,kind,actor,text');

    // The print page: both signatures, the entries in time order, a print button.
    const printHref = await morning.getAttribute('.toolbar a.print', 'href');
    expect(printHref).toBe('/shift-log?shift=2026-11-27%2Fnight&lang=en');
    const print = await morning.context().newPage();
    await print.goto(url + printHref);
    await print.waitForSelector('.sheet .entries', { timeout: 10_000 });
    expect(await text(print, '.sig.outgoing')).toMatch(/S100[\s\S]*2026-11-27 07:50/);
    expect(await text(print, '.sig.incoming')).toMatch(/S200[\s\S]*2026-11-27 08:05/);
    expect(await text(print, 'h1')).toMatch(/Shift handover log · ☾ 2026-11-27 Night/);
    const kinds = await print.$$eval('.entries tbody tr', (rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual(['note', 'problem', 'handover-signed', 'correction', 'shift-figures', 'handover-confirmed']);
    const times = await print.$$eval('.entries tbody td.time', (cells) => cells.map((c) => c.textContent?.trim()));
    expect(times).toEqual([...times].sort());
    expect(await text(print, '.entries tbody tr[data-kind=note]')).toMatch(/corrected below/);
    expect(await print.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    await print.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void (window as unknown as { printed: number }).printed++;
    });
    await print.click('.actions .print');
    expect(await print.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    const printCsv = await csvFrom(print, '.actions .csv');
    expect(printCsv.body).toContain('handover-confirmed,S200');
    await shoot(print, 'print-en');
    // Printed, the buttons are gone.
    await print.emulateMedia({ media: 'print' });
    expect(await print.$eval('.actions', (e) => getComputedStyle(e).display)).toBe('none');
    await print.emulateMedia({ media: 'screen' });

    // Both languages: the print page in Chinese, opened by someone not yet signed in, then the panel.
    const fresh = await browser.newContext({ viewport: VIEWPORT });
    contexts.push(fresh);
    const printZh = await fresh.newPage();
    await printZh.goto(`${url}/shift-log?shift=${encodeURIComponent('2026-11-27/night')}&lang=zh-CN`);
    await printZh.fill('input[name=username]', 'nightsup');
    await printZh.fill('input[name=password]', 'nightsup-password');
    await printZh.click('button[type=submit]');
    await printZh.waitForSelector('.sheet .entries', { timeout: 10_000 });
    expect(await text(printZh, 'h1')).toMatch(/交接班日记 · ☾ 2026-11-27 夜班/);
    expect(await text(printZh, '.entries')).toMatch(/交班签字[\s\S]*更正[\s\S]*接班确认/);
    await shoot(printZh, 'print-zh-CN');

    await zh.reload();
    await zh.waitForSelector('.badge.live', { timeout: 15_000 });
    await zh.click('[data-tab=handover]');
    await zh.waitForSelector('.handover-block.incoming[data-state=confirmed]', { timeout: 10_000 });
    expect(await text(zh, '.handover-block.incoming')).toMatch(/S100 于 07:50 签字[\s\S]*S200 于 08:05 确认/);
    await shoot(zh, 'confirmed-zh-CN');
    await zh.click('[data-tab=log]');
    await zh.selectOption('select[name=shift]', '2026-11-27/night');
    await zh.waitForSelector('.entries .entry[data-kind=note] .correction', { timeout: 10_000 });
    expect(await text(zh, '.entries')).toMatch(/交班签字[\s\S]*备注/);
    await shoot(zh, 'log-zh-CN');
    expect(await fitsScreen(zh)).toBe(true);
  });
});
