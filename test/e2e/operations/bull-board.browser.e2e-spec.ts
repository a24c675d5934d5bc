import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEAD_LETTER_QUEUE } from '../../../libs/queue/src/index.js';
import { ARTIFACTS_DIR, launchChromium } from '../../support/browser.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

/** A browser on a shared 2-core machine: generous waits, never fixed sleeps. */
const UI_TIMEOUT_MS = 20_000;

/**
 * An operator's whole round trip in a real browser: log in to Bull Board with basic
 * auth, open the dead-letter queue, press Retry on a letter, and the notification is
 * delivered. The board's screenshot is kept in test/artifacts/.
 */
describe('Bull Board in a browser', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startTestStack();
    // Herald's copy differs from the vendor's approved one by one character: refused for good.
    await stack.api.request('POST', '/v1/templates', { body: { code: 'DRIFTED', body: '안녕하세요 #{name}님!' } });
    stack.sim.approveTemplate('DRIFTED', '안녕하세요 #{name}님.');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function parkedLetter(to: string): Promise<string> {
    const id = await stack.send({ to, templateCode: 'DRIFTED', variables: { name: '정' } });
    await stack.untilStatus(id, 'dead');
    await eventually(async () => ((await (await stack.api.deadLetterQueue().getJob(id))?.isFailed()) ? true : undefined), 10_000, 'the letter to be parked');
    return id;
  }

  /** Bull Board's job actions are icon buttons named only by their tooltip. */
  async function actionButton(card: Locator, page: Page, label: string): Promise<Locator> {
    const buttons = card.locator('ul[class*="jobActions"] button');
    for (let index = 0; index < (await buttons.count()); index++) {
      await buttons.nth(index).hover();
      // The tooltip shows after a hover delay; a button without this label never shows it.
      const shown = await page
        .getByText(label, { exact: true })
        .waitFor({ state: 'visible', timeout: 5000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) return buttons.nth(index);
      await page.mouse.move(0, 0);
    }
    throw new Error(`no "${label}" action on the job card`);
  }

  it('refuses the board without the operator login', async () => {
    const context = await browser.newContext();
    try {
      // The browser's own request, without the login a person would type into its prompt.
      const response = await context.request.get(`${stack.api.url}/admin/queues`);
      expect(response.status()).toBe(401);
      expect(response.headers()['www-authenticate']).toMatch(/^Basic /);
    } finally {
      await context.close();
    }
  });

  it('lets an operator log in, open the DLQ, press Retry on a dead letter, and the notification is delivered', async () => {
    const id = await parkedLetter('010-5555-2468');
    const { ADMIN_USER, ADMIN_PASSWORD } = stack.api.config;
    const context = await browser.newContext({ httpCredentials: { username: ADMIN_USER, password: ADMIN_PASSWORD }, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      const opened = await page.goto(`${stack.api.url}/admin/queues`);
      expect(opened?.status()).toBe(200);
      // The sidebar's link (the overview lists the queues too, once it has loaded).
      await page.getByRole('link', { name: DEAD_LETTER_QUEUE, exact: true }).first().click();
      await page
        .getByText(/^failed/i)
        .first()
        .click();

      const card = page.locator('[class*="card-"]', { hasText: id }).first();
      await card.getByText('default · alimtalk → 010****2468').waitFor({ state: 'visible' });
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'bull-board-dlq.png'), fullPage: true });
      // The board shows the masked recipient only, on the page and in the job's data.
      await card.getByText('Data', { exact: true }).click();
      await card.getByText('templateCode:').waitFor({ state: 'visible' });
      const shown = (await card.innerText()).replace(/\s+/g, '');
      for (const field of [`notificationId:"${id}"`, 'to:"010****2468"', 'templateCode:"DRIFTED"', 'code:"E106"']) expect(shown).toContain(field);
      expect(await page.content()).not.toMatch(/01055552468|5555-2468/);

      // The operator fixes the cause (the vendor approves Herald's wording), then presses Retry.
      stack.sim.approveTemplate('DRIFTED', '안녕하세요 #{name}님!');
      await (await actionButton(card, page, 'Retry')).click();
      // The board asks for confirmation when its "Confirm job actions" setting is on.
      const confirm = page.getByRole('button', { name: 'Confirm' });
      await confirm.waitFor({ state: 'visible', timeout: 2000 }).then(
        () => confirm.click(),
        () => undefined,
      );

      const row = await stack.untilStatus(id, 'delivered', 20_000);
      expect(row.history.map((event: any) => [event.fromStatus, event.toStatus, event.actor])).toEqual(
        expect.arrayContaining([
          ['dead', 'pending', 'operator'],
          ['sent', 'delivered', 'vendor-report'],
        ]),
      );
      expect(stack.sim.message(id)).toBeDefined();
      await page.reload();
      await page.getByText(id).waitFor({ state: 'detached' });
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'bull-board-dlq-after-retry.png'), fullPage: true });
    } catch (error) {
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'bull-board-failure.png'), fullPage: true }).catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  }, 90_000);
});
